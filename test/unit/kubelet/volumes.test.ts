import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removePodDir, setupVolumes, volumeBinds } from '../../../orchestrator/node/kubelet/volumes.js';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kd-vol-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const cms: Record<string, any> = {
  cfg: { metadata: { name: 'cfg' }, data: { 'app.conf': 'a=1', other: 'o' } },
};
const sources = {
  getConfigMap(_ns: string, name: string) {
    return Promise.resolve(cms[name]);
  },
  getSecret(_ns: string, name: string) {
    return Promise.resolve(
      name === 'sec'
        ? { metadata: { name }, data: { token: Buffer.from('s3cret').toString('base64') } }
        : undefined,
    );
  },
};

function pod(volumes: any[]) {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'uid1', labels: { a: 'b', c: 'd' } },
    spec: { containers: [{ name: 'c', resources: { limits: { cpu: '500m' } } }], volumes },
  };
}

describe('volumes', () => {
  it('emptyDir, configMap with items and mode, secret, downwardAPI; binds with subPath and readOnly', async () => {
    const p = pod([
      { name: 'scratch', emptyDir: {} },
      {
        name: 'conf',
        configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'nested/app.conf', mode: 0o600 }] },
      },
      { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu', divisor: '1m' } },
          ],
        },
      },
    ]);
    const paths = await setupVolumes(p, { rootDir: root, sources, facts: {} });
    expect(await fs.readFile(path.join(paths.get('conf')!, 'nested/app.conf'), 'utf8')).toBe('a=1');
    await expect(fs.access(path.join(paths.get('conf')!, 'other'))).rejects.toThrow();
    expect((await fs.stat(path.join(paths.get('conf')!, 'nested/app.conf'))).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(path.join(paths.get('sec')!, 'token'), 'utf8')).toBe('s3cret');
    expect((await fs.stat(path.join(paths.get('sec')!, 'token'))).mode & 0o777).toBe(0o400);
    expect(await fs.readFile(path.join(paths.get('info')!, 'labels'), 'utf8')).toBe('a="b"\nc="d"');
    expect(await fs.readFile(path.join(paths.get('info')!, 'cpu'), 'utf8')).toBe('500');
    const binds = await volumeBinds(
      {
        volumeMounts: [
          { name: 'scratch', mountPath: '/data', subPath: 'sub' },
          { name: 'conf', mountPath: '/etc/app', readOnly: true },
        ],
      },
      paths,
    );
    expect(binds).toEqual([
      `${path.join(paths.get('scratch')!, 'sub')}:/data`,
      `${paths.get('conf')}:/etc/app:ro`,
    ]);
    expect((await fs.stat(path.join(paths.get('scratch')!, 'sub'))).isDirectory()).toBe(true);
    await removePodDir(root, 'uid1');
    await expect(fs.access(path.join(root, 'pods', 'uid1'))).rejects.toThrow();
  });

  it('updates configMap contents atomically through ..data', async () => {
    const p = pod([{ name: 'conf', configMap: { name: 'cfg' } }]);
    const paths = await setupVolumes(p, { rootDir: root, sources, facts: {} });
    const dir = paths.get('conf')!;
    const before = await fs.readlink(path.join(dir, '..data'));
    cms.cfg = { metadata: { name: 'cfg' }, data: { 'app.conf': 'a=2' } };
    await setupVolumes(p, { rootDir: root, sources, facts: {} });
    expect(await fs.readFile(path.join(dir, 'app.conf'), 'utf8')).toBe('a=2');
    expect(await fs.readlink(path.join(dir, '..data'))).not.toBe(before);
    await expect(fs.access(path.join(dir, 'other'))).rejects.toThrow();
    await expect(fs.access(path.join(dir, before))).rejects.toThrow();
    cms.cfg = { metadata: { name: 'cfg' }, data: { 'app.conf': 'a=1', other: 'o' } };
  });

  it('missing configMap fails unless optional; hostPath type checks', async () => {
    await expect(
      setupVolumes(pod([{ name: 'x', configMap: { name: 'nope' } }]), { rootDir: root, sources, facts: {} }),
    ).rejects.toThrow('MountVolume.SetUp failed for volume "x" : configmap "nope" not found');
    const ok = await setupVolumes(pod([{ name: 'x', configMap: { name: 'nope', optional: true } }]), {
      rootDir: root,
      sources,
      facts: {},
    });
    const names = await fs.readdir(ok.get('x')!);
    expect(names).toContain('..data');
    expect(names.filter((n) => !n.startsWith('..'))).toEqual([]);
    const hp = path.join(root, 'host', 'made');
    const r = await setupVolumes(pod([{ name: 'h', hostPath: { path: hp, type: 'DirectoryOrCreate' } }]), {
      rootDir: root,
      sources,
      facts: {},
    });
    expect(r.get('h')).toBe(hp);
    expect((await fs.stat(hp)).isDirectory()).toBe(true);
    await expect(
      setupVolumes(pod([{ name: 'h', hostPath: { path: path.join(root, 'absent'), type: 'File' } }]), {
        rootDir: root,
        sources,
        facts: {},
      }),
    ).rejects.toThrow(/hostPath type check failed: .* is not a file/);
  });
});
