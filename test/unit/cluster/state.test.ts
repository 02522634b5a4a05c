import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../../../orchestrator/cluster/config-file.js';
import { UserError } from '../../../orchestrator/config/errors.js';
import {
  clusterPaths,
  contextName,
  kubedeckHome,
  validateClusterName,
} from '../../../orchestrator/config/paths.js';
import { isPortFree, pickFreePort, PORT_RANGE } from '../../../orchestrator/cluster/port.js';
import { ensureClusterConfig, loadCluster, prepareStateDir } from '../../../orchestrator/cluster/state.js';
import { ensureToken } from '../../../orchestrator/cluster/token.js';
import { tempDir } from './helpers.js';

describe('paths and names', () => {
  it('uses $KUBEDECK_HOME, else ~/.kubedeck', () => {
    expect(kubedeckHome({ KUBEDECK_HOME: '/x/y' })).toBe('/x/y');
    expect(kubedeckHome({})).toMatch(/\.kubedeck$/);
    expect(clusterPaths('dev', '/h').lock).toBe('/h/clusters/dev/lock');
  });
  it('context names: kubedeck for the default cluster, kubedeck-<name> otherwise', () => {
    expect(contextName('kubedeck')).toBe('kubedeck');
    expect(contextName('dev')).toBe('kubedeck-dev');
  });
  it('rejects names that are not DNS-label-like', () => {
    for (const bad of ['', 'Dev', '-a', 'a-', '../x', 'a/b', 'x'.repeat(41)]) {
      expect(() => validateClusterName(bad)).toThrow(UserError);
    }
    expect(validateClusterName('my-cluster-2')).toBe('my-cluster-2');
  });
});

describe('state dir', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => {
    chmodSync(t.dir, 0o700);
    t.cleanup();
  });

  it('creates everything on first load and keeps the port, token and CA across loads', async () => {
    const paths = clusterPaths('kubedeck', t.dir);
    const a = await loadCluster(paths);
    expect(a.config.port).toBeGreaterThanOrEqual(PORT_RANGE.min);
    expect(statSync(paths.token).mode & 0o777).toBe(0o600);
    expect(statSync(paths.kubeconfig).mode & 0o777).toBe(0o600);
    const kc = parse(readFileSync(paths.kubeconfig, 'utf8'));
    expect(kc.clusters[0].cluster.server).toBe(`https://127.0.0.1:${a.config.port}`);
    expect(kc.users[0].user.token).toBe(a.token);
    const b = await loadCluster(paths);
    expect(b.config.port).toBe(a.config.port);
    expect(b.token).toBe(a.token);
    expect(b.pki.ca.cert).toBe(a.pki.ca.cert);
    expect(JSON.parse(readFileSync(paths.config, 'utf8')).port).toBe(a.config.port);
  });

  it('honours a preferred port only on first creation', async () => {
    const paths = clusterPaths('p', t.dir);
    prepareStateDir(paths);
    expect((await ensureClusterConfig(paths, { preferredPort: 45678 })).config.port).toBe(45678);
    const again = await ensureClusterConfig(paths, { preferredPort: 41111 });
    expect(again).toMatchObject({ created: false, config: { port: 45678 } });
  });

  it.skipIf(process.getuid?.() === 0)('reports a state dir that is not writable', () => {
    chmodSync(t.dir, 0o500);
    expect(() => prepareStateDir(clusterPaths('ro', t.dir))).toThrow(/not writable.*KUBEDECK_HOME/);
  });

  it('reports a state dir that cannot be created (a file is in the way)', () => {
    writeFileSync(path.join(t.dir, 'clusters'), 'not a dir');
    expect(() => prepareStateDir(clusterPaths('x', t.dir))).toThrow(/not writable/);
  });

  it('token: created once (0600), then reused', () => {
    const file = path.join(t.dir, 'token');
    const a = ensureToken(file);
    expect(a.generated).toBe(true);
    expect(a.token.length).toBeGreaterThanOrEqual(40);
    expect(ensureToken(file)).toEqual({ token: a.token, generated: false });
  });
});

describe('ports', () => {
  it('isPortFree sees a listening server; pickFreePort returns a bindable port in range', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const busy = (srv.address() as net.AddressInfo).port;
    expect(await isPortFree(busy)).toBe(false);
    await new Promise<void>((r) => srv.close(() => r()));
    expect(await isPortFree(busy)).toBe(true);
    const p = await pickFreePort();
    expect(p).toBeGreaterThanOrEqual(PORT_RANGE.min);
    expect(p).toBeLessThanOrEqual(PORT_RANGE.max);
    expect(await isPortFree(p)).toBe(true);
  });
});

describe('--config file', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());
  const write = (text: string) => {
    mkdirSync(t.dir, { recursive: true });
    const f = path.join(t.dir, 'cluster.yaml');
    writeFileSync(f, text);
    return f;
  };

  it('reads nodes and apiServerPort', () => {
    expect(loadConfigFile(write('nodes: 0\napiServerPort: 45000\n'))).toEqual({
      nodes: 0,
      apiServerPort: 45000,
    });
    expect(loadConfigFile(write(''))).toEqual({});
  });
  it('rejects unknown fields, bad values and missing files with a clear message', () => {
    expect(() => loadConfigFile(write('workers: 2\n'))).toThrow(/unknown field\(s\) workers/);
    expect(() => loadConfigFile(write('nodes: -1\n'))).toThrow(/nodes must be an integer/);
    expect(() => loadConfigFile(write('- a\n'))).toThrow(/must be a mapping/);
    expect(() => loadConfigFile(path.join(t.dir, 'missing.yaml'))).toThrow(/cannot read config file/);
  });
});
