// Protobuf request bodies with inline (embedded) members, through real kubectl: 1.32+ POSTs
// protobuf for `kubectl debug --copy-to` and the `kubectl create <kind>` generators, 1.27 sends JSON.
// The same commands through both must store the same objects, configMap volumes and probes intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from '../support/cluster.js';

const NS = 'pb-wire';
const IMAGE = 'kubedeck-test/busybox:latest';

const ORIGINAL = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'orig', namespace: NS, labels: { app: 'orig', 'kubedeck-test': 'protobuf-wire' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: IMAGE,
        command: ['sleep', '3600'],
        env: [{ name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } }],
        readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
        livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        startupProbe: { tcpSocket: { port: 8080 } },
        lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } } },
        volumeMounts: [
          { name: 'config', mountPath: '/etc/config' },
          { name: 'secret', mountPath: '/etc/secret' },
        ],
      },
    ],
    volumes: [
      { name: 'config', configMap: { name: 'cfg', items: [{ key: 'greeting', path: 'greeting.txt' }] } },
      { name: 'secret', secret: { secretName: 'sec' } },
      { name: 'scratch', emptyDir: {} },
    ],
  },
};

/** The parts of a stored object that two clients creating "the same" object must agree on. */
function comparable(o: any, rename: (s: string) => string): unknown {
  const { uid, resourceVersion, creationTimestamp, managedFields, name, ...meta } = o.metadata;
  void uid;
  void resourceVersion;
  void creationTimestamp;
  void managedFields;
  const copy = JSON.parse(JSON.stringify({ ...o, metadata: { ...meta, name: rename(name) } }));
  delete copy.status;
  // Allocated per object, not sent by the client.
  if (copy.spec?.clusterIP) delete copy.spec.clusterIP;
  if (copy.spec?.clusterIPs) delete copy.spec.clusterIPs;
  return copy;
}

describe('protobuf bodies from kubectl 1.33 and JSON bodies from 1.27', () => {
  const cluster = new TestCluster();
  const k = (v: string, args: string[], input?: string) => cluster.kubectl(v, args, { input });
  const getJson = async (what: string) => {
    const r = await k('1.33', ['get', '-n', NS, what, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    await cluster.start();
    expect((await k('1.33', ['create', 'namespace', NS])).code).toBe(0);
    const cm = await k('1.33', ['create', '-n', NS, 'configmap', 'cfg', '--from-literal=greeting=hello']);
    expect(cm.code, cm.stderr).toBe(0);
    const created = await k('1.33', ['apply', '-f', '-'], JSON.stringify(ORIGINAL));
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await k('1.33', ['delete', 'namespace', NS, '--wait=false']).catch(() => undefined);
    await cluster.destroy();
  });

  it.each(['1.27', '1.33'])(
    'kubectl %s debug --copy-to keeps the configMap volume, the probes and the lifecycle hook',
    async (v) => {
      const copy = `copy-${v.replace('.', '-')}`;
      const r = await k(v, [
        'debug',
        '-n',
        NS,
        'orig',
        `--copy-to=${copy}`,
        `--image=${IMAGE}`,
        '--container=dbg',
        '--',
        'sleep',
        '3600',
      ]);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      const pod = await getJson(`pod/${copy}`);
      const vols = Object.fromEntries(pod.spec.volumes.map((x: any) => [x.name, x]));
      expect(vols.config.configMap).toMatchObject({
        name: 'cfg',
        items: [{ key: 'greeting', path: 'greeting.txt' }],
      });
      expect(vols.config.emptyDir).toBeUndefined();
      expect(vols.secret.secret).toMatchObject({ secretName: 'sec' });
      const app = pod.spec.containers.find((c: any) => c.name === 'app');
      expect(app.readinessProbe.exec).toEqual({ command: ['true'] });
      expect(app.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
      expect(app.startupProbe.tcpSocket).toEqual({ port: 8080 });
      expect(app.lifecycle.preStop.exec.command).toEqual(['sh', '-c', 'sleep 1']);
      expect(app.env[0].valueFrom.configMapKeyRef).toEqual({ name: 'cfg', key: 'greeting' });
      expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'dbg']);
    },
  );

  it('the 1.27 (JSON) and 1.33 (protobuf) copies are stored equal', async () => {
    const a = await getJson('pod/copy-1-27');
    const b = await getJson('pod/copy-1-33');
    const rename = (s: string) => s.replace(/copy-1-(27|33)/, 'copy');
    expect(comparable(b, rename)).toEqual(comparable(a, rename));
  });

  it('kubectl create generators store equal objects from 1.27 (JSON) and 1.33 (protobuf)', async () => {
    for (const v of ['1.27', '1.33']) {
      const s = v.replace('.', '-');
      const cmds = [
        ['create', 'deployment', `dep-${s}`, `--image=${IMAGE}`, '--replicas=2', '--port=8080'],
        ['create', 'service', 'clusterip', `svc-${s}`, '--tcp=80:8080'],
        ['create', 'configmap', `cm-${s}`, '--from-literal=a=b'],
        ['create', 'secret', 'generic', `sec-${s}`, '--from-literal=a=b'],
        ['create', 'serviceaccount', `sa-${s}`],
      ];
      for (const c of cmds) {
        const r = await k(v, ['-n', NS, ...c]);
        expect(r.code, `${c.join(' ')}: ${r.stderr}`).toBe(0);
      }
    }
    const rename = (s: string) => s.replace(/-1-(27|33)$/, '');
    for (const what of ['deployment/dep', 'service/svc', 'configmap/cm', 'secret/sec', 'serviceaccount/sa']) {
      const a = await getJson(`${what}-1-27`);
      const b = await getJson(`${what}-1-33`);
      // The generators label and select by the object's own name.
      const norm = (o: any) => JSON.parse(JSON.stringify(comparable(o, rename)).replace(/-1-(27|33)/g, ''));
      expect(norm(b), what).toEqual(norm(a));
    }
  });
});
