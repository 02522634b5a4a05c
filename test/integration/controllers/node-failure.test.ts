// Node failure end to end on the real Docker engine with the real kubectl 1.27 and 1.33: a worker
// powered off or partitioned goes Unknown with the unreachable taints, its pods are evicted after
// their (shortened) tolerationSeconds and replaced on the other worker; when it comes back, the
// agent removes what was deleted meanwhile and nothing runs twice. Then cordon / drain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SKIP_DOCKER, requireDocker } from '../../support/docker.js';
import { ensureTestImages, type TestImages } from '../../fixtures/images/build.js';
import { TestCluster, eventually } from '../../support/cluster.js';
import type { DockerRuntime } from '../../../orchestrator/runtime/docker.js';

const V = '1.33';
const UID = 'io.kubernetes.pod.uid';

describe.skipIf(SKIP_DOCKER)('node failure, eviction and recovery', () => {
  const name = `nf-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  const w1 = `${name}-worker`;
  const w2 = `${name}-worker2`;
  let images: TestImages;
  let rt: DockerRuntime;
  const k = async (args: string[], version = V, input?: string) => {
    const r = await cluster.kubectl(version, args, { input });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const json = async (args: string[]) => JSON.parse(await k([...args, '-o', 'json']));
  const node = (n: string) => json(['get', 'node', n]);
  const ready = (n: any) => n.status.conditions.find((c: any) => c.type === 'Ready');
  const pods = async () => (await json(['get', 'pods', '-l', 'app=sleepy'])).items as any[];
  const active = (ps: any[]) => ps.filter((p) => !p.metadata.deletionTimestamp);
  const on = (ps: any[], n: string) => ps.filter((p) => p.spec.nodeName === n);
  const nodeCli = async (args: string[]) => {
    const r = await cluster.cli(['node', ...args, '--name', name], 120_000);
    if (r.code !== 0)
      throw new Error(`kubedeck node ${args.join(' ')} failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    return r;
  };
  /** Containers of the cluster's pods, by pod uid (sandboxes and app containers). */
  const podContainers = async () =>
    (await rt.listContainers({ 'kubedeck.cluster': name })).filter((c) => c.labels[UID]);
  const available = async () => {
    const d = await json(['get', 'deployment', 'sleepy']);
    return d.status.availableReplicas === 4 && d.status.updatedReplicas === 4 ? d : undefined;
  };
  /** Deletes pods on w1 until some replacement lands on w2 (the scheduler spreads replicas). */
  const spreadToW2 = async () =>
    eventually(
      async () => {
        const ps = active(await pods());
        if (on(ps, w2).length >= 1 && ps.length === 4 && ps.every((p) => p.status.phase === 'Running'))
          return ps;
        if (on(ps, w2).length === 0 && ps.length === 4)
          await k([
            'delete',
            'pod',
            '--wait=false',
            ...on(ps, w1)
              .slice(0, 2)
              .map((p) => p.metadata.name),
          ]);
        return undefined;
      },
      'a running pod on worker2',
      60_000,
      2000,
    );

  beforeAll(async () => {
    rt = await requireDocker();
    images = await ensureTestImages();
    cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
    cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
    const cfg = path.join(cluster.home, 'cluster.yaml');
    writeFileSync(cfg, 'nodeMonitorGracePeriod: 4s\nnodeMonitorPeriod: 1s\ndefaultTolerationSeconds: 2\n');
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2', '--config', cfg], 180_000);
    if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    await k(
      ['apply', '-f', '-'],
      V,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: sleepy}
spec:
  replicas: 4
  selector: {matchLabels: {app: sleepy}}
  template:
    metadata: {labels: {app: sleepy}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: ${images.busybox}
        imagePullPolicy: Never
        command: [sleep, '3600']
`,
    );
    await eventually(available, 'deployment sleepy available', 90_000, 500);
  }, 300_000);

  afterAll(async () => {
    await cluster.destroy();
    if (rt) expect(await rt.listContainers({ 'kubedeck.cluster': name })).toEqual([]);
  }, 120_000);

  it('gives every pod the default not-ready/unreachable tolerations (kubectl -o yaml)', async () => {
    const p = (await pods())[0].metadata.name;
    for (const v of ['1.27', '1.33']) {
      const yaml = await k(['get', 'pod', p, '-o', 'yaml'], v);
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        expect(yaml).toMatch(
          new RegExp(
            `- effect: NoExecute\\n\\s+key: ${key.replace(/\./g, '\\.')}\\n\\s+operator: Exists\\n\\s+tolerationSeconds: 2\\n`,
          ),
        );
      }
    }
  });

  it('powering a worker off: Unknown + unreachable taints, pods evicted and replaced on the other worker', async () => {
    const victims = on(active((await spreadToW2()) as any[]), w2).map((p) => p.metadata.uid as string);
    expect(victims.length).toBeGreaterThan(0);
    const r = await nodeCli(['stop', w2]);
    expect(r.stderr).toMatch(
      new RegExp(`✓ Powered off ${w2} \\(node container and \\d+ pod containers? stopped\\) \\(\\d+ ms\\)`),
    );
    expect((await rt.inspectContainer(w2))?.state).toBe('exited');
    const running = (await podContainers()).filter(
      (c) => victims.includes(c.labels[UID]) && c.state === 'running',
    );
    expect(running).toEqual([]);

    const n = await eventually(
      async () => {
        const x = await node(w2);
        return ready(x).status === 'Unknown' && (x.spec.taints ?? []).length === 2 ? x : undefined;
      },
      'worker2 Unknown and tainted',
      30_000,
      500,
    );
    expect(ready(n)).toMatchObject({
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(n.spec.taints.map((t: any) => `${t.key}:${t.effect}`).sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    expect(await k(['get', 'nodes'], '1.27')).toMatch(new RegExp(`^${w2}\\s+NotReady\\s`, 'm'));
    expect(await k(['get', 'nodes'], '1.33')).toMatch(new RegExp(`^${w2}\\s+NotReady\\s`, 'm'));

    // Evicted after 2 s: Terminating (the kubelet is away), replaced on worker 1.
    await eventually(
      async () => {
        const ps = await pods();
        const evicted = ps.filter((p) => victims.includes(p.metadata.uid));
        const act = active(ps);
        return (
          evicted.every((p) => p.metadata.deletionTimestamp) &&
          act.length === 4 &&
          on(act, w1).length === 4 &&
          (await available())
        );
      },
      'pods evicted and the deployment available again on worker 1',
      60_000,
      500,
    );
    const events = await k(['get', 'events', '--field-selector', 'reason=TaintManagerEviction']);
    expect(events).toMatch(/Marking for deletion Pod default\/sleepy-/);

    // Power on: Ready again, taints gone, the evicted pods finished and their containers removed.
    await nodeCli(['start', w2]);
    await eventually(
      async () => {
        const x = await node(w2);
        return ready(x).status === 'True' && !(x.spec.taints ?? []).length;
      },
      'worker2 Ready without taints',
      30_000,
      500,
    );
    await eventually(
      async () => {
        const left = (await pods()).filter((p) => victims.includes(p.metadata.uid));
        const stale = (await podContainers()).filter((c) => victims.includes(c.labels[UID]));
        return left.length === 0 && stale.length === 0;
      },
      'no evicted pod and no stale container left',
      60_000,
      500,
    );
    expect(await available()).toBeTruthy();
  }, 240_000);

  it('partition: pods keep running while cut off, nothing runs twice after heal', async () => {
    const victims = on(active((await spreadToW2()) as any[]), w2).map((p) => p.metadata.uid as string);
    expect(victims.length).toBeGreaterThan(0);
    const r = await nodeCli(['partition', w2]);
    expect(r.stderr).toMatch(/✓ The API server drops .*'s connections; its pods keep running \(\d+ ms\)/);
    const ls = await cluster.cli(['node', 'ls', '--name', name]);
    expect(ls.stdout).toMatch(new RegExp(`^${w2}\\s+worker\\s+running\\s+\\S+\\s+yes$`, 'm'));

    await eventually(
      async () => {
        const ps = await pods();
        const evicted = ps.filter((p) => victims.includes(p.metadata.uid));
        return (
          ready(await node(w2)).status === 'Unknown' &&
          evicted.every((p) => p.metadata.deletionTimestamp) &&
          on(active(ps), w1).length === 4 &&
          (await available())
        );
      },
      'worker2 Unknown, its pods evicted and replaced',
      60_000,
      500,
    );
    // Cut off, not powered off: the evicted pods' containers still run on worker 2.
    const stillRunning = (await podContainers()).filter(
      (c) => victims.includes(c.labels[UID]) && c.state === 'running',
    );
    expect(new Set(stillRunning.map((c) => c.labels[UID])).size).toBe(victims.length);
    expect((await rt.inspectContainer(w2))?.state).toBe('running');

    await nodeCli(['heal', w2]);
    await eventually(
      async () => {
        const ps = await pods();
        const uids = new Set(ps.map((p) => p.metadata.uid));
        const running = (await podContainers()).filter((c) => c.state === 'running');
        // Every running pod container belongs to a pod that exists, and none of the evicted.
        return (
          ps.length === 4 &&
          running.every((c) => uids.has(c.labels[UID])) &&
          !(await podContainers()).some((c) => victims.includes(c.labels[UID]))
        );
      },
      'the evicted pods gone from API and Docker after heal',
      60_000,
      500,
    );
    expect(ready(await node(w2)).status).toBe('True');
    expect(await available()).toBeTruthy();
    const after = await cluster.cli(['node', 'ls', '--name', name]);
    expect(after.stdout).toMatch(new RegExp(`^${w2}\\s+worker\\s+running\\s+Ready\\s+no$`, 'm'));
  }, 240_000);

  it('cordon, drain (eviction subresource) and uncordon with kubectl 1.27 and 1.33', async () => {
    for (const v of ['1.27', '1.33']) {
      await spreadToW2();
      expect(await k(['cordon', w2], v)).toMatch(/cordoned/);
      expect(await k(['get', 'nodes'], v)).toMatch(new RegExp(`^${w2}\\s+Ready,SchedulingDisabled\\s`, 'm'));
      await eventually(
        async () =>
          ((await node(w2)).spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/unschedulable'),
        'the unschedulable taint',
        10_000,
        300,
      );
      const out = await cluster.kubectl(
        v,
        ['drain', w2, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s'],
        { timeoutMs: 120_000 },
      );
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout + out.stderr).toMatch(/evicting pod default\/sleepy-/);
      expect(out.stdout).toMatch(new RegExp(`node/${w2} drained`));
      const ps = active(await pods());
      expect(on(ps, w2)).toEqual([]);
      await eventually(available, 'deployment available after drain', 60_000, 500);
      expect(await k(['uncordon', w2], v)).toMatch(/uncordoned/);
      await eventually(
        async () => !((await node(w2)).spec.taints ?? []).length,
        'taints gone after uncordon',
        10_000,
        300,
      );
    }
  }, 300_000);
});
