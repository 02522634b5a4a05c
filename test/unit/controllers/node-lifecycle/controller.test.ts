import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { NodeLifecycleController } from '../../../../orchestrator/controllers/node-lifecycle/controller.js';
import type { Registry } from '../../../../orchestrator/api/registry/registry.js';
import {
  addNode,
  addPod,
  eventsFor,
  heartbeat,
  newRegistry,
  NODES,
  PODS,
  readyOf,
  renewLease,
} from './helpers.js';

// Near real time: creationTimestamps come from the wall clock.
const T0 = Math.floor(Date.now() / 1000) * 1000;

describe('node lifecycle controller', () => {
  let reg: Registry;
  let clock: FakeClock;
  let ctl: NodeLifecycleController;

  const start = (tolerationSeconds = 300) => {
    reg = newRegistry(tolerationSeconds);
    clock = new FakeClock(T0);
    addNode(reg, 'w1', T0);
    addNode(reg, 'w2', T0);
    renewLease(reg, 'w1', T0);
    renewLease(reg, 'w2', T0);
    ctl = new NodeLifecycleController({
      registry: reg,
      clock,
      monitorPeriodMs: 1000,
      gracePeriodMs: 4000,
      startupGracePeriodMs: 10_000,
    }).start();
  };
  /** The alive nodes (w1 by default) renew their leases every second; the others stay silent. */
  const advance = (ms: number, alive = ['w1']) => {
    for (let t = 0; t < ms; t += 1000) {
      for (const n of alive) renewLease(reg, n, clock.now());
      clock.advance(1000);
    }
  };
  const taints = (n: string) => reg.get(NODES, '', n).spec.taints ?? [];

  beforeEach(() => start());

  it('marks a silent node Unknown with the unreachable taints once the grace period passes', () => {
    // First seen at the first pass (1 s); silent for more than 4 s after that.
    advance(5000);
    expect(readyOf(reg.get(NODES, '', 'w2')).status).toBe('True');
    advance(1000);
    const w2 = reg.get(NODES, '', 'w2');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = w2.status.conditions.find((x: any) => x.type === type);
      expect(c).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    expect(taints('w2').map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    expect(taints('w2').find((t: any) => t.effect === 'NoExecute').timeAdded).toBeTruthy();
    expect(taints('w1')).toEqual([]);
    expect(readyOf(reg.get(NODES, '', 'w1')).status).toBe('True');
    expect(eventsFor(reg, 'w2').map((e) => e.reason)).toContain('NodeNotReady');
  });

  it('removes the taints when the node posts Ready again', () => {
    advance(6000);
    expect(taints('w2')).toHaveLength(2);
    heartbeat(reg, 'w2', clock.now());
    advance(1000);
    expect(taints('w2')).toEqual([]);
    expect(readyOf(reg.get(NODES, '', 'w2')).status).toBe('True');
  });

  it('uses not-ready taints when the kubelet reports Ready=False', () => {
    heartbeat(reg, 'w1', clock.now(), 'False');
    advance(1000);
    expect(taints('w1').map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
  });

  it('adds the unschedulable taint to a cordoned node and keeps foreign taints', () => {
    const n = reg.get(NODES, '', 'w1');
    reg.update(NODES, '', 'w1', {
      ...n,
      spec: { unschedulable: true, taints: [{ key: 'a', effect: 'NoSchedule' }] },
    });
    advance(1000);
    expect(taints('w1').map((t: any) => t.key)).toEqual(['a', 'node.kubernetes.io/unschedulable']);
    const c = reg.get(NODES, '', 'w1');
    reg.update(NODES, '', 'w1', { ...c, spec: { ...c.spec, unschedulable: false } });
    advance(1000);
    expect(taints('w1').map((t: any) => t.key)).toEqual(['a']);
  });

  it('marks pods of a lost node not Ready and evicts them after tolerationSeconds', () => {
    start(3);
    addPod(reg, 'p-w1', 'w1');
    addPod(reg, 'p-w2', 'w2');
    advance(6000); // w2 Unknown + tainted at 6 s
    const p = reg.get(PODS, 'default', 'p-w2');
    expect(readyOf(p).status).toBe('False');
    expect(p.metadata.deletionTimestamp).toBeUndefined();
    advance(2000);
    expect(reg.get(PODS, 'default', 'p-w2').metadata.deletionTimestamp).toBeUndefined();
    advance(1000); // 3 s after the taint
    const evicted = reg.get(PODS, 'default', 'p-w2');
    expect(evicted.metadata.deletionTimestamp).toBeTruthy(); // Terminating: its kubelet is away
    expect(evicted.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
    });
    const ev = eventsFor(reg, 'p-w2').find((e) => e.reason === 'TaintManagerEviction');
    expect(ev?.message).toBe('Marking for deletion Pod default/p-w2');
    expect(reg.get(PODS, 'default', 'p-w1').metadata.deletionTimestamp).toBeUndefined();
    expect(readyOf(reg.get(PODS, 'default', 'p-w1')).status).toBe('True');
  });

  it('evicts at once a pod without a matching toleration, never one tolerating forever', () => {
    addPod(reg, 'none', 'w2', [{ key: 'other', operator: 'Exists' }]);
    // The admission added the defaults; drop them to get a pod without matching tolerations.
    const p = reg.get(PODS, 'default', 'none');
    expect(p.spec.tolerations).toHaveLength(3);
    reg.delete(PODS, 'default', 'none', { gracePeriodSeconds: 0 });
    reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'forever' },
      spec: {
        nodeName: 'w2',
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'c', image: 'i' }],
      },
    });
    const n = reg.get(NODES, '', 'w1');
    reg.update(NODES, '', 'w1', { ...n, spec: { taints: [{ key: 'evict-me', effect: 'NoExecute' }] } });
    addPod(reg, 'plain', 'w1');
    advance(1000);
    expect(reg.get(PODS, 'default', 'plain').metadata.deletionTimestamp).toBeTruthy();
    advance(10_000);
    expect(reg.get(PODS, 'default', 'forever').metadata.deletionTimestamp).toBeUndefined();
  });

  it('cancels a pending eviction when the node recovers in time', () => {
    start(10);
    addPod(reg, 'p', 'w2');
    advance(6000);
    heartbeat(reg, 'w2', clock.now());
    advance(1000);
    expect(taints('w2')).toEqual([]);
    advance(15_000, ['w1', 'w2']);
    expect(reg.get(PODS, 'default', 'p').metadata.deletionTimestamp).toBeUndefined();
    const reasons = eventsFor(reg, 'p').map((e) => e.message);
    expect(reasons).toContain('Cancelling deletion of Pod default/p');
  });

  it('uses the startup grace for a node that never posted Ready and leaves the control-plane node alone', () => {
    reg.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'fresh' }, spec: {} });
    reg.create(NODES, '', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'kubedeck-control-plane' },
      spec: {},
    });
    advance(8000);
    expect(reg.get(NODES, '', 'fresh').status?.conditions ?? []).toEqual([]);
    advance(4000);
    const ready = readyOf(reg.get(NODES, '', 'fresh'));
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
    expect(reg.get(NODES, '', 'kubedeck-control-plane').status?.conditions ?? []).toEqual([]);
  });

  it('force-deletes pods whose node no longer exists after the quarantine', () => {
    addPod(reg, 'orphan', 'w2');
    reg.delete(NODES, '', 'w2');
    advance(39_000);
    expect(reg.tryGet(PODS, 'default', 'orphan')).toBeTruthy();
    advance(2000);
    expect(reg.tryGet(PODS, 'default', 'orphan')).toBeUndefined();
    ctl.stop();
  });
});
