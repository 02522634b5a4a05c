// ReplicaSets, garbage collection and namespace deletion end to end: a real cluster with two
// worker nodes on Docker, driven by the real kubectl 1.27 and 1.33 binaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';
import type { DockerRuntime } from '../../../orchestrator/runtime/docker.js';

const NEW = '1.33';
const OLD = '1.27';

describe.skipIf(SKIP_DOCKER)('replicasets, garbage collection and namespaces', () => {
  const name = `it-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  let images: TestImages;
  let rt: DockerRuntime;
  const k = async (args: string[], version = NEW, input?: string) => {
    const r = await cluster.kubectl(version, args, { input, timeoutMs: 90_000 });
    return r;
  };
  const ok = async (args: string[], version = NEW, input?: string) => {
    const r = await k(args, version, input);
    expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const json = async (args: string[], version = NEW) =>
    JSON.parse(await ok([...args, '-o', 'json'], version));
  /** Pods of a ReplicaSet (by label), without the terminating ones unless asked. */
  const podsOf = async (app: string, ns = 'default', withTerminating = false): Promise<any[]> => {
    const items: any[] = (await json(['get', 'pods', '-n', ns, '-l', `app=${app}`])).items;
    return items.filter((p) => withTerminating || !p.metadata.deletionTimestamp);
  };
  const names = (pods: any[]) => pods.map((p) => p.metadata.name as string).sort();
  const running = (pods: any[]) => pods.filter((p) => p.status.phase === 'Running');
  const rsYaml = (rs: string, replicas: number, ns = 'default', grace = 1) => `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ${rs}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${rs}}}
  template:
    metadata: {labels: {app: ${rs}}}
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
      - name: sleeper
        image: ${images.busybox}
        imagePullPolicy: IfNotPresent
        command: [sleep, "3600"]
`;
  const waitRunning = async (app: string, n: number, ns = 'default'): Promise<any[]> =>
    (await eventually(
      async () => {
        const pods = await podsOf(app, ns);
        return pods.length === n && running(pods).length === n ? pods : undefined;
      },
      `${n} running pods of ${app}`,
      120_000,
      500,
    )) as any[];

  beforeAll(async () => {
    rt = await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 240_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  });

  afterAll(async () => {
    await cluster.destroy();
    if (rt) expect(await rt.listContainers({ 'kubedeck.cluster': name })).toEqual([]);
  });

  it('runs a ReplicaSet of 3 pods, replaces a deleted one, scales with upstream victim order', async () => {
    await ok(['apply', '-f', '-'], NEW, rsYaml('sleepers', 3));
    const first = await waitRunning('sleepers', 3);
    for (const p of first) {
      expect(p.metadata.name).toMatch(/^sleepers-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          name: 'sleepers',
          controller: true,
          blockOwnerDeletion: true,
        }),
      ]);
    }
    const table = await ok(['get', 'rs', 'sleepers'], OLD);
    expect(table).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE/);
    await eventually(
      async () => /^sleepers\s+3\s+3\s+3\s/m.test(await ok(['get', 'rs', 'sleepers'], OLD)),
      'rs 3/3/3',
    );

    // A deleted pod is replaced.
    const victim = first[0].metadata.name;
    await ok(['delete', 'pod', victim], OLD);
    const after = await waitRunning('sleepers', 3);
    expect(names(after)).not.toContain(victim);
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=sleepers'], NEW);
    expect(events).toMatch(/SuccessfulCreate\s+replicaset\/sleepers\s+Created pod: sleepers-/);

    // Scale to 5 and straight back to 2: the new (pending / not ready) pods go first, then the
    // most recently ready original; the survivors are originals.
    await eventually(
      async () => /^sleepers\s+3\s+3\s+3\s/m.test(await ok(['get', 'rs', 'sleepers'])),
      'ready',
    );
    const originals = names(after);
    await ok(['scale', 'rs', 'sleepers', '--replicas=5'], OLD);
    await eventually(
      async () => (await podsOf('sleepers', 'default', true)).length >= 5,
      '5 pods exist',
      30_000,
    );
    await ok(['scale', 'rs', 'sleepers', '--replicas=2'], NEW);
    const two = (await eventually(
      async () => {
        const pods = await podsOf('sleepers');
        return pods.length === 2 ? pods : undefined;
      },
      '2 pods left',
      60_000,
      300,
    )) as any[];
    for (const n of names(two)) expect(originals).toContain(n);
    const deleted = await ok(
      ['get', 'events', '--field-selector', 'involvedObject.name=sleepers,reason=SuccessfulDelete'],
      NEW,
    );
    expect(deleted).toMatch(/Deleted pod: sleepers-/);

    // pod-deletion-cost: the cheaper pod goes first.
    const [cheap, dear] = names(two);
    await ok(['annotate', 'pod', cheap, 'controller.kubernetes.io/pod-deletion-cost=-10'], OLD);
    await ok(['scale', 'rs', 'sleepers', '--replicas=1'], OLD);
    const one = (await eventually(
      async () => {
        const pods = await podsOf('sleepers');
        return pods.length === 1 ? pods : undefined;
      },
      '1 pod left',
      60_000,
      300,
    )) as any[];
    expect(names(one)).toEqual([dear]);
  });

  it('kubectl delete rs cascades to its pods in the background (1.27 and 1.33)', async () => {
    for (const v of [OLD, NEW]) {
      await ok(['apply', '-f', '-'], v, rsYaml('bg', 2));
      await waitRunning('bg', 2);
      await ok(['delete', 'rs', 'bg'], v);
      await eventually(
        async () => (await podsOf('bg', 'default', true)).length === 0,
        'bg pods gone',
        60_000,
        500,
      );
    }
  });

  it('--cascade=orphan keeps the pods without owner references', async () => {
    await ok(['apply', '-f', '-'], NEW, rsYaml('orph', 2));
    const pods = await waitRunning('orph', 2);
    await ok(['delete', 'rs', 'orph', '--cascade=orphan'], OLD);
    expect((await k(['get', 'rs', 'orph'])).code).not.toBe(0);
    await new Promise((r) => setTimeout(r, 2000)); // the collector had its chance
    const kept = await podsOf('orph');
    expect(names(kept)).toEqual(names(pods));
    for (const p of kept) expect(p.metadata.ownerReferences).toBeUndefined();
    await ok(['delete', 'pods', '-l', 'app=orph', '--grace-period=1']);
  });

  it('--cascade=foreground deletes the pods first; the owner waits with foregroundDeletion', async () => {
    // A 4 s grace period (sleep ignores SIGTERM as PID 1) keeps the pods Terminating for a while.
    await ok(['apply', '-f', '-'], NEW, rsYaml('fg', 2, 'default', 4));
    await waitRunning('fg', 2);
    await ok(['delete', 'rs', 'fg', '--cascade=foreground', '--wait=false'], NEW);
    const rs = await json(['get', 'rs', 'fg']);
    expect(rs.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(rs.metadata.deletionTimestamp).toBeTruthy();
    await eventually(
      async () => {
        const pods = await podsOf('fg', 'default', true);
        return pods.length === 2 && pods.every((p) => p.metadata.deletionTimestamp);
      },
      'fg pods terminating',
      30_000,
    );
    // While they terminate the ReplicaSet is still there and replaces nothing.
    expect((await json(['get', 'rs', 'fg'])).metadata.finalizers).toEqual(['foregroundDeletion']);
    // The owner goes only after every pod has gone.
    await eventually(
      async () => {
        const rsGone = (await k(['get', 'rs', 'fg'])).code !== 0;
        if (rsGone) expect(await podsOf('fg', 'default', true)).toEqual([]);
        return rsGone;
      },
      'fg rs gone',
      60_000,
      300,
    );
  });

  it('kubectl delete deployment cascades through its ReplicaSet to the pods', async () => {
    await ok(
      ['create', 'deployment', 'cascade', `--image=${images.busybox}`, '--replicas=2', '--', 'sleep', '3600'],
      NEW,
    );
    await waitRunning('cascade', 2);
    const rs = (await json(['get', 'rs', '-l', 'app=cascade'])).items;
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'cascade',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    await ok(['delete', 'deployment', 'cascade'], OLD);
    await eventually(
      async () =>
        (await json(['get', 'rs', '-l', 'app=cascade'])).items.length === 0 &&
        (await podsOf('cascade', 'default', true)).length === 0,
      'deployment rs and pods gone',
      90_000,
      500,
    );
  });

  it('kubectl delete namespace: Terminating, contents removed, then gone', async () => {
    const ns = `scratch-${randomBytes(2).toString('hex')}`;
    await ok(['create', 'namespace', ns], OLD);
    await ok(['apply', '-f', '-'], NEW, rsYaml('inns', 2, ns, 3));
    await waitRunning('inns', 2, ns);
    await ok(['create', 'configmap', 'cfg', '-n', ns, '--from-literal=a=b'], NEW);
    await ok(['delete', 'namespace', ns, '--wait=false'], NEW);
    const term = await json(['get', 'namespace', ns]);
    expect(term.status.phase).toBe('Terminating');
    expect(await ok(['get', 'namespace', ns], OLD)).toMatch(new RegExp(`^${ns}\\s+Terminating\\s`, 'm'));
    const refused = await k(['create', 'configmap', 'late', '-n', ns], NEW);
    expect(refused.stderr).toMatch(/because it is being terminated/);
    await eventually(
      async () => (await k(['get', 'namespace', ns])).code !== 0,
      'namespace gone',
      90_000,
      500,
    );
    const r = await k(['get', 'pods,rs,configmaps', '-n', ns]);
    expect(r.stdout.trim()).toBe('');
    // Their containers are gone from Docker too.
    await eventually(
      async () => (await rt.listContainers({ 'io.kubernetes.pod.namespace': ns })).length === 0,
      'namespace containers removed',
      30_000,
      500,
    );
    // kubectl waits for the namespace by default as well.
    await ok(['create', 'namespace', ns], NEW);
    expect((await k(['delete', 'namespace', ns], OLD)).code).toBe(0);
    expect((await k(['get', 'namespace', ns])).code).not.toBe(0);
  });
});
