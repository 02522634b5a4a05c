// Pods bound to the `kubedeck-control-plane` node, which runs no pods (the control plane lives in
// the app, not in a node container): its kubelet rejects them like upstream's admission (Failed,
// OutOfpods), so `kubectl delete` and namespace deletion complete instead of hanging, and the
// scheduler does not pick the node for a pod that tolerates its taint (0 allocatable pods).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../support/docker.js';
import { ensureTestImages, type TestImages } from '../fixtures/images/build.js';
import { TestCluster, eventually } from '../support/cluster.js';

const CP = 'kubedeck-control-plane';

describe.skipIf(SKIP_DOCKER)('pods on the control-plane node', () => {
  const name = `cpn-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  const k = (v: string, args: string[], input?: string, timeoutMs = 60_000) =>
    cluster.kubectl(v, args, { input, timeoutMs });
  const getPod = async (ns: string, pod: string) => {
    const r = await k('1.33', ['get', 'pod', pod, '-n', ns, '-o', 'json']);
    return r.code === 0 ? JSON.parse(r.stdout) : undefined;
  };
  const boundPod = (ns: string, pod: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${pod}, namespace: ${ns}}
spec:
  nodeName: ${CP}
  containers:
  - name: app
    image: ${images.busybox}
    command: ["sleep", "3600"]
`;

  beforeAll(async () => {
    await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    await cluster.start();
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
  }, 120_000);

  for (const v of ['1.27', '1.33']) {
    it(`kubectl ${v}: a pod bound with nodeName fails as rejected and deletes within bounds`, async () => {
      const ns = `cp-pod-${v.replace('.', '')}`;
      expect((await k(v, ['create', 'namespace', ns])).code).toBe(0);
      const a = await k(v, ['apply', '-f', '-'], boundPod(ns, 'pinned'));
      expect(a.code, a.stderr).toBe(0);
      const failed = await eventually(
        async () => {
          const p = await getPod(ns, 'pinned');
          return p?.status?.phase === 'Failed' ? p : undefined;
        },
        'pinned pod rejected',
        20_000,
        250,
      );
      expect(failed.status.reason).toBe('OutOfpods');
      expect(failed.status.message).toBe(
        "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 0, capacity: 0",
      );
      const ev = await k(v, ['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=pinned']);
      expect(ev.stdout).toContain('OutOfpods');
      const t0 = Date.now();
      const d = await k(v, ['delete', 'pod', 'pinned', '-n', ns, '--timeout=30s'], undefined, 40_000);
      expect(d.code, d.stderr).toBe(0);
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(await getPod(ns, 'pinned')).toBeUndefined();

      // A namespace holding such a pod is deleted as well.
      expect((await k(v, ['apply', '-f', '-'], boundPod(ns, 'again'))).code).toBe(0);
      const dn = await k(v, ['delete', 'namespace', ns, '--timeout=60s'], undefined, 70_000);
      expect(dn.code, dn.stderr).toBe(0);
      await eventually(
        async () => (await k(v, ['get', 'namespace', ns])).code !== 0,
        `namespace ${ns} gone`,
        30_000,
        500,
      );
    });
  }

  it('kubectl debug node/kubedeck-control-plane gives a rejected pod that deletes at once', async () => {
    const r = await k('1.33', ['debug', `node/${CP}`, `--image=${images.busybox}`, '--', 'true']);
    expect(r.code, r.stderr).toBe(0);
    const pod = /pod (node-debugger-[\w-]+)/.exec(r.stdout + r.stderr)?.[1];
    expect(pod, r.stdout + r.stderr).toBeTruthy();
    await eventually(
      async () => (await getPod('default', pod!))?.status?.phase === 'Failed',
      'debug pod rejected',
    );
    const d = await k('1.33', ['delete', 'pod', pod!, '--timeout=30s'], undefined, 40_000);
    expect(d.code, d.stderr).toBe(0);
  });

  it('a pod that is deleted before the rejection still goes away', async () => {
    const a = await k('1.33', ['apply', '-f', '-'], boundPod('default', 'quick'));
    expect(a.code, a.stderr).toBe(0);
    const d = await k('1.33', ['delete', 'pod', 'quick', '--timeout=30s'], undefined, 40_000);
    expect(d.code, d.stderr).toBe(0);
  });

  it('the scheduler does not place a tolerating pod on the control plane (no pods allocatable)', async () => {
    const a = await k(
      '1.33',
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: tolerant}
spec:
  nodeSelector: {node-role.kubernetes.io/control-plane: ""}
  tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
  containers:
  - name: app
    image: ${images.busybox}
`,
    );
    expect(a.code, a.stderr).toBe(0);
    const p = await eventually(async () => {
      const pod = await getPod('default', 'tolerant');
      const c = pod?.status?.conditions?.find((x: any) => x.type === 'PodScheduled');
      return c?.status === 'False' ? pod : undefined;
    }, 'tolerant pod unschedulable');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions.find((x: any) => x.type === 'PodScheduled').message).toContain(
      'Too many pods',
    );
    const d = await k('1.33', ['delete', 'pod', 'tolerant', '--timeout=30s'], undefined, 40_000);
    expect(d.code, d.stderr).toBe(0);
  });
});
