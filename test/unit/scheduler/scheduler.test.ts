// The scheduler loop over a real registry: informers, queue, binding, events and conditions.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { FakeClock } from '../../../orchestrator/client/clock.js';
import { startScheduler, type SchedulerOptions } from '../../../orchestrator/scheduler/scheduler.js';
import { bindPod } from '../../../orchestrator/scheduler/bind.js';
import { controlPlane, node, pod, withCpu } from './helpers.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const EVENTS = findResource('', 'v1', 'events')!;

describe('scheduler', () => {
  let reg: Registry;
  let sched: { stop(): void } | undefined;

  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });
  afterEach(() => sched?.stop());

  const start = (opts: SchedulerOptions = {}) => (sched = startScheduler(reg, opts));
  const addNode = (n: KubeObject) => reg.create(NODES, '', n);
  const addPod = (p: KubeObject) => reg.create(PODS, 'default', p);
  const nodeOf = (name: string) => reg.get(PODS, 'default', name).spec?.nodeName as string | undefined;
  const waitBound = (name: string) =>
    vi.waitFor(
      () => {
        const n = nodeOf(name);
        if (!n) throw new Error(`${name} not bound`);
        return n;
      },
      { timeout: 3000, interval: 5 },
    );
  const eventsFor = (name: string) =>
    reg.list(EVENTS, 'default').items.filter((e) => e.involvedObject?.name === name);
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('binds pods only to Ready, untainted, fitting nodes and records Scheduled', async () => {
    addNode(controlPlane());
    addNode(node('kubedeck-worker', { ready: 'False' }));
    addNode(node('kubedeck-worker2', { cpu: '500m' }));
    addNode(node('kubedeck-worker3'));
    start();
    addPod(pod('web-abc', withCpu('1')));
    expect(await waitBound('web-abc')).toBe('kubedeck-worker3');
    const p = reg.get(PODS, 'default', 'web-abc');
    expect(p.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const ev = eventsFor('web-abc');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-abc to kubedeck-worker3',
      source: { component: 'default-scheduler' },
    });
  });

  it('honours nodeSelector and tolerations', async () => {
    addNode(controlPlane());
    addNode(node('kubedeck-worker', { labels: { disk: 'ssd' } }));
    addNode(node('kubedeck-worker2', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }));
    start();
    addPod(pod('ssd', { nodeSelector: { disk: 'ssd' } }));
    addPod(
      pod('db', {
        nodeSelector: { 'kubernetes.io/hostname': 'kubedeck-worker2' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
      }),
    );
    addPod(
      pod('cp', {
        nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
      }),
    );
    expect(await waitBound('ssd')).toBe('kubedeck-worker');
    expect(await waitBound('db')).toBe('kubedeck-worker2');
    expect(await waitBound('cp')).toBe('kubedeck-control-plane');
  });

  it('never schedules plain pods onto the control plane', async () => {
    addNode(controlPlane());
    addNode(node('kubedeck-worker'));
    start();
    for (let i = 0; i < 5; i++) addPod(pod(`p${i}`));
    for (let i = 0; i < 5; i++) expect(await waitBound(`p${i}`)).toBe('kubedeck-worker');
  });

  it.each([0, 0.5, 0.999])(
    'spreads 3 replicas of one owner over 2 workers as 2+1 (tie-break %s)',
    async (rnd) => {
      addNode(controlPlane());
      addNode(node('kubedeck-worker'));
      addNode(node('kubedeck-worker2'));
      start({ random: () => rnd });
      const owner = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d4',
        uid: 'rs-uid-1',
        controller: true,
      };
      for (const n of ['web-7d4-a', 'web-7d4-b', 'web-7d4-c'])
        addPod(pod(n, {}, { ownerReferences: [owner] }));
      const placed = [];
      for (const n of ['web-7d4-a', 'web-7d4-b', 'web-7d4-c']) placed.push(await waitBound(n));
      const counts = placed.reduce<Record<string, number>>((m, n) => ({ ...m, [n]: (m[n] ?? 0) + 1 }), {});
      expect(Object.values(counts).sort()).toEqual([1, 2]);
      expect(counts['kubedeck-control-plane']).toBeUndefined();
    },
  );

  it('spreads pods selected by a real ReplicaSet even when the workers differ in load', async () => {
    addNode(node('kubedeck-worker'));
    addNode(node('kubedeck-worker2'));
    // Unrelated load on worker2 makes it less attractive by resources only.
    addPod(pod('other', { ...withCpu('200m'), nodeName: 'kubedeck-worker2' }, { labels: { app: 'other' } }));
    const rs = reg.create(findResource('apps', 'v1', 'replicasets')!, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
        },
      },
    });
    start();
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web',
      uid: rs.metadata.uid,
      controller: true,
    };
    addPod(pod('web-1', {}, { ownerReferences: [owner] }));
    const first = await waitBound('web-1');
    addPod(pod('web-2', {}, { ownerReferences: [owner] }));
    const second = await waitBound('web-2');
    expect(new Set([first, second]).size).toBe(2);
  });

  it('reports FailedScheduling with PodScheduled=False, then schedules once a node fits', async () => {
    addNode(controlPlane());
    addNode(node('kubedeck-worker', { cpu: '1' }));
    addNode(node('kubedeck-worker2', { cpu: '1' }));
    start();
    addPod(pod('big', withCpu('2')));
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    await vi.waitFor(
      () => {
        const cond = reg
          .get(PODS, 'default', 'big')
          .status?.conditions?.find((c: any) => c.type === 'PodScheduled');
        expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
      },
      { timeout: 3000, interval: 5 },
    );
    const failed = eventsFor('big').filter((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: 'Warning',
      message: msg,
      source: { component: 'default-scheduler' },
    });
    await settle();
    expect(nodeOf('big')).toBeUndefined();
    // A node that fits appears: the pending pod is retried at once.
    addNode(node('kubedeck-worker3', { cpu: '4' }));
    expect(await waitBound('big')).toBe('kubedeck-worker3');
    const cond = reg
      .get(PODS, 'default', 'big')
      .status.conditions.find((c: any) => c.type === 'PodScheduled');
    expect(cond.status).toBe('True');
  });

  it('retries when a node becomes Ready or is uncordoned, and when pods go away', async () => {
    addNode(node('kubedeck-worker', { ready: 'False' }));
    start();
    addPod(pod('a'));
    await vi.waitFor(() => expect(eventsFor('a').some((e) => e.reason === 'FailedScheduling')).toBe(true), {
      timeout: 3000,
      interval: 5,
    });
    const n = reg.get(NODES, '', 'kubedeck-worker');
    n.status.conditions[0].status = 'True';
    reg.update(NODES, '', 'kubedeck-worker', n, {}, 'status');
    expect(await waitBound('a')).toBe('kubedeck-worker');

    // Resources freed by a deleted pod let a waiting pod in.
    addNode(node('small', { cpu: '1', labels: { pool: 'small' } }));
    addPod(pod('hog', { ...withCpu('800m'), nodeSelector: { pool: 'small' } }));
    expect(await waitBound('hog')).toBe('small');
    addPod(pod('waiter', { ...withCpu('500m'), nodeSelector: { pool: 'small' } }));
    await vi.waitFor(
      () => expect(eventsFor('waiter').some((e) => e.reason === 'FailedScheduling')).toBe(true),
      {
        timeout: 3000,
        interval: 5,
      },
    );
    reg.delete(PODS, 'default', 'hog', { gracePeriodSeconds: 0 });
    expect(await waitBound('waiter')).toBe('small');
  });

  it('retries unschedulable pods periodically', async () => {
    const clock = new FakeClock(Date.now());
    addNode(node('kubedeck-worker', { cpu: '1' }));
    start({ clock, retryIntervalMs: 60_000 });
    addPod(pod('p', withCpu('2')));
    await vi.waitFor(
      () => expect(eventsFor('p').filter((e) => e.reason === 'FailedScheduling')).toHaveLength(1),
      {
        timeout: 3000,
        interval: 5,
      },
    );
    clock.advance(60_000);
    await vi.waitFor(() => expect(eventsFor('p')[0].count).toBe(2), { timeout: 3000, interval: 5 });
  });

  it('ignores pods for other schedulers and pods already assigned', async () => {
    addNode(node('kubedeck-worker'));
    start();
    addPod(pod('mine'));
    addPod(pod('theirs', { schedulerName: 'other-scheduler' }));
    addPod(pod('pinned', { nodeName: 'elsewhere' }));
    await waitBound('mine');
    await settle();
    expect(nodeOf('theirs')).toBeUndefined();
    expect(nodeOf('pinned')).toBe('elsewhere');
    expect(eventsFor('theirs')).toHaveLength(0);
    expect(eventsFor('pinned')).toHaveLength(0);
  });
});

describe('bindPod', () => {
  let reg: Registry;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof StatusError) return `${e.code} ${e.message}`;
      throw e;
    }
    return 'ok';
  };

  it('sets nodeName and PodScheduled=True, then refuses a second binding with 409', () => {
    reg.create(PODS, 'default', pod('p'));
    const bound = bindPod(reg, 'default', 'p', 'kubedeck-worker');
    expect(bound.spec.nodeName).toBe('kubedeck-worker');
    expect(reg.get(PODS, 'default', 'p').status.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'True', lastProbeTime: null }),
    ]);
    expect(code(() => bindPod(reg, 'default', 'p', 'kubedeck-worker2'))).toBe(
      '409 Operation cannot be fulfilled on pods "p": pod p is already assigned to node "kubedeck-worker"',
    );
    expect(code(() => bindPod(reg, 'default', 'missing', 'n'))).toBe('404 pods "missing" not found');
  });

  it('honours resourceVersion and uid preconditions and dry run', () => {
    const created = reg.create(PODS, 'default', pod('p'));
    reg.patch(PODS, 'default', 'p', 'application/merge-patch+json', '{"metadata":{"labels":{"v":"2"}}}');
    expect(
      code(() => bindPod(reg, 'default', 'p', 'n', { resourceVersion: created.metadata.resourceVersion })),
    ).toMatch(/^409 /);
    expect(code(() => bindPod(reg, 'default', 'p', 'n', { uid: 'not-the-uid' }))).toMatch(
      /^409 .*Precondition failed: UID/,
    );
    expect(bindPod(reg, 'default', 'p', 'n', { dryRun: true }).spec.nodeName).toBe('n');
    expect(reg.get(PODS, 'default', 'p').spec.nodeName).toBeUndefined();
    const ok = bindPod(reg, 'default', 'p', 'n', { uid: created.metadata.uid, annotations: { a: 'b' } });
    expect(ok.metadata.annotations).toEqual({ a: 'b' });
  });
});
