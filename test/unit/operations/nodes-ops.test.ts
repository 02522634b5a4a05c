// Node operations against a real in-process registry: drain (cordon, evictions, kubectl's
// filters), add/remove through an injected membership hook, and node usage.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { addNode, removeNode, type NodeMembership } from '../../../orchestrator/operations/nodes.js';
import { drainNode } from '../../../orchestrator/operations/node-drain.js';
import { nodeUsage } from '../../../orchestrator/operations/node-usage.js';
import { registerMetricsSource } from '../../../orchestrator/metrics/source.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;

function makeNode(reg: Registry, name: string, controlPlane = false) {
  reg.create(NODES, '', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {},
    },
    status: {
      capacity: { cpu: '2', memory: '2Gi', pods: '110' },
      allocatable: { cpu: '1900m', memory: '1800Mi', pods: '110' },
    },
  });
}

function makePod(
  reg: Registry,
  name: string,
  node: string,
  opts: { owner?: string; emptyDir?: boolean; mirror?: boolean; phase?: string; cpu?: string } = {},
): KubeObject {
  const pod = reg.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(opts.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: opts.owner,
                name: 'owner',
                uid: `uid-${opts.owner}`,
                controller: true,
              },
            ],
          }
        : {}),
      ...(opts.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'x' } } : {}),
    },
    spec: {
      nodeName: node,
      containers: [
        {
          name: 'c',
          image: 'img',
          ...(opts.cpu ? { resources: { requests: { cpu: opts.cpu, memory: '100Mi' } } } : {}),
        },
      ],
      ...(opts.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
    },
  });
  if (!opts.phase) return pod;
  // Status is the kubelet's to write: through the status subresource, like the agent does.
  const body = JSON.stringify({ status: { phase: opts.phase } });
  return reg.patch(PODS, 'default', name, 'application/merge-patch+json', body, {}, 'status').obj;
}

describe('node operations', () => {
  let store: Store;
  let reg: Registry;
  let stopKubelet: () => void;
  beforeEach(() => {
    store = Store.open(':memory:');
    reg = new Registry(store);
    reg.bootstrap();
    makeNode(reg, 'cp', true);
    makeNode(reg, 'w1');
    makeNode(reg, 'w2');
    // A stand-in kubelet: confirms graceful deletions (grace 0) the moment they are requested.
    const h = reg.watch(PODS, undefined, reg.revision, (ev) => {
      const o = ev.obj;
      if (ev.type === 'MODIFIED' && o.metadata.deletionTimestamp)
        queueMicrotask(() => {
          try {
            reg.delete(PODS, o.metadata.namespace!, o.metadata.name!, { gracePeriodSeconds: 0 });
          } catch {
            // already gone
          }
        });
    });
    stopKubelet = () => h.stop();
  });
  afterEach(() => {
    stopKubelet();
    store.close();
  });

  const fast = { sleep: () => new Promise<void>((r) => setTimeout(r, 5)), pollMs: 5 };

  it('drain cordons, evicts ReplicaSet pods and skips DaemonSet and mirror pods', async () => {
    makePod(reg, 'web-1', 'w1', { owner: 'ReplicaSet' });
    makePod(reg, 'web-2', 'w1', { owner: 'ReplicaSet', emptyDir: true });
    makePod(reg, 'agent', 'w1', { owner: 'DaemonSet' });
    makePod(reg, 'static', 'w1', { owner: 'ReplicaSet', mirror: true });
    makePod(reg, 'elsewhere', 'w2', { owner: 'ReplicaSet' });

    const r = await drainNode(reg, { name: 'w1' }, fast);
    expect(r.kubectl).toBe('kubectl drain w1 --ignore-daemonsets --delete-emptydir-data');
    expect(r.drained).toBe(true);
    expect(reg.get(NODES, '', 'w1').spec.unschedulable).toBe(true);
    expect(r.pods).toEqual([
      { namespace: 'default', name: 'agent', outcome: 'skipped', reason: 'ignoring DaemonSet-managed Pods' },
      { namespace: 'default', name: 'static', outcome: 'skipped' },
      { namespace: 'default', name: 'web-1', outcome: 'evicted' },
      { namespace: 'default', name: 'web-2', outcome: 'evicted', reason: 'deleting Pods with local storage' },
    ]);
    expect(r.message.split('\n')).toEqual([
      'node/w1 cordoned',
      'Warning: ignoring DaemonSet-managed Pods: default/agent',
      'Warning: deleting Pods with local storage: default/web-2',
      'evicting pod default/web-1',
      'evicting pod default/web-2',
      'pod/web-1 evicted',
      'pod/web-2 evicted',
      'node/w1 drained',
    ]);
    const left = reg
      .list(PODS, 'default')
      .items.map((p) => p.metadata.name)
      .sort();
    expect(left).toEqual(['agent', 'elsewhere', 'static']);
    // A second drain finds it cordoned already and nothing left to evict.
    const again = await drainNode(reg, { name: 'w1' }, fast);
    expect(again.message.split('\n')[0]).toBe('node/w1 already cordoned');
    expect(again.pods.every((p) => p.outcome === 'skipped')).toBe(true);
  });

  it('dry run lists what would be evicted without cordoning or deleting', async () => {
    makePod(reg, 'web-1', 'w1', { owner: 'ReplicaSet' });
    makePod(reg, 'agent', 'w1', { owner: 'DaemonSet' });
    const r = await drainNode(reg, { name: 'w1', dryRun: true }, fast);
    expect(r.kubectl).toContain('--dry-run=client');
    expect(r.pods.map((p) => [p.name, p.outcome])).toEqual([
      ['agent', 'skipped'],
      ['web-1', 'evict'],
    ]);
    expect(r.message).toContain('evicting pod default/web-1 (dry run)');
    expect(reg.get(NODES, '', 'w1').spec?.unschedulable).toBeUndefined();
    expect(reg.tryGet(PODS, 'default', 'web-1')).toBeDefined();
  });

  it('a pod without a controller blocks the drain unless forced; finished pods always go', async () => {
    makePod(reg, 'bare', 'w1');
    makePod(reg, 'web-1', 'w1', { owner: 'ReplicaSet' });
    makePod(reg, 'done', 'w1', { phase: 'Succeeded' });
    const blocked = await drainNode(reg, { name: 'w1' }, fast);
    expect(blocked.drained).toBe(false);
    expect(blocked.message).toContain(
      'error: unable to drain node "w1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare',
    );
    // kubectl cordons first and evicts nothing when any pod is blocked.
    expect(reg.get(NODES, '', 'w1').spec.unschedulable).toBe(true);
    expect(reg.tryGet(PODS, 'default', 'web-1')).toBeDefined();

    const forced = await drainNode(reg, { name: 'w1', force: true }, fast);
    expect(forced.kubectl).toContain(' --force');
    expect(forced.drained).toBe(true);
    expect(forced.message).toContain('Warning: deleting Pods that declare no controller: default/bare');
    expect(reg.list(PODS, 'default').items).toEqual([]);
  });

  it('reports pods still terminating when the wait times out', async () => {
    stopKubelet(); // no kubelet: the graceful deletion is never confirmed
    makePod(reg, 'web-1', 'w1', { owner: 'ReplicaSet' });
    const r = await drainNode(reg, { name: 'w1', timeoutSeconds: 0.05 }, fast);
    expect(r.drained).toBe(false);
    expect(r.pods[0].outcome).toBe('terminating');
    expect(reg.get(PODS, 'default', 'web-1').metadata.deletionTimestamp).toBeTruthy();
    expect(r.message).toContain('global timeout reached');
  });

  it('drain of an unknown node is a 404', async () => {
    await expect(drainNode(reg, { name: 'nope' })).rejects.toMatchObject({ code: 404 });
  });

  it('add and remove call the membership hook; the control plane cannot be removed', async () => {
    const calls: string[] = [];
    const m: NodeMembership = {
      // eslint-disable-next-line @typescript-eslint/require-await
      add: async (o) => {
        calls.push(`add ${o.cpus ?? '-'} ${o.memory ?? '-'}`);
        return { node: 'demo-worker3', lines: ['✓ demo-worker3 is Ready'] };
      },
      // eslint-disable-next-line @typescript-eslint/require-await
      remove: async (n) => {
        calls.push(`rm ${n}`);
        return [`✓ Deleted Node ${n} and 0 pods`];
      },
    };
    const a = await addNode('demo', m, { cpus: '2', memory: '2Gi' });
    expect(a).toMatchObject({
      node: 'demo-worker3',
      kubectl: 'kubedeck node add --cpus 2 --memory 2Gi --name demo',
    });
    expect(a.steps).toEqual(['✓ demo-worker3 is Ready']);
    expect((await addNode('kubedeck', m, {})).kubectl).toBe('kubedeck node add');
    await expect(addNode('demo', m, { memory: 'lots' })).rejects.toMatchObject({ code: 400 });
    await expect(addNode('demo', m, { cpus: '0' })).rejects.toMatchObject({ code: 400 });

    const r = await removeNode(reg, 'kubedeck', m, { name: 'w2' });
    expect(r.kubectl).toBe('kubedeck node rm w2');
    await expect(removeNode(reg, 'kubedeck', m, { name: 'cp' })).rejects.toMatchObject({ code: 403 });
    expect(calls).toEqual(['add 2 2Gi', 'add - -', 'rm w2']);
  });

  it('usage sums requests and reports metrics only once collected', () => {
    makePod(reg, 'a', 'w1', { owner: 'ReplicaSet', cpu: '250m' });
    makePod(reg, 'b', 'w1', { owner: 'ReplicaSet', cpu: '500m' });
    makePod(reg, 'done', 'w1', { owner: 'ReplicaSet', cpu: '1', phase: 'Succeeded' });
    const before = nodeUsage(reg, { name: 'w1' });
    expect(before.message).toBe('metrics not yet available');
    expect(before.usage).toBeUndefined();
    expect(before.capacity).toEqual({ cpu: 2, memory: 2 * 1024 ** 3, pods: 110 });
    expect(before.allocatable.cpu).toBe(1.9);
    expect(before.requests).toEqual({ cpu: 0.75, memory: 200 * 1024 ** 2, pods: 2 });
    const unregister = registerMetricsSource(reg, {
      snapshot: () => ({
        pods: new Map(),
        nodes: new Map([
          [
            'w1',
            { name: 'w1', timestampMs: 0, windowMs: 15_000, cpuNanoCores: 3e8, memoryBytes: 512 * 1024 ** 2 },
          ],
        ]),
      }),
    });
    try {
      const after = nodeUsage(reg, { name: 'w1' });
      expect(after.kubectl).toBe('kubectl top node w1');
      expect(after.usage).toMatchObject({ cpu: 0.3, memory: 512 * 1024 ** 2, window: '15s' });
    } finally {
      unregister();
    }
  });
});
