// Filter, score and message logic of the scheduler on hand-built node views.
import { describe, expect, it } from 'vitest';
import { schedulePod } from '../../../orchestrator/scheduler/algorithm.js';
import { podRequests } from '../../../orchestrator/scheduler/resources.js';
import { toleratesTaint } from '../../../orchestrator/scheduler/taints.js';
import {
  matchesRequiredNodeAffinity,
  preferredAffinityScore,
} from '../../../orchestrator/scheduler/node-affinity.js';
import { controlPlane, info, node, pod, withCpu } from './helpers.js';

const fails = (r: ReturnType<typeof schedulePod>) => {
  if (r.ok) throw new Error(`expected failure, got ${r.node}`);
  return r;
};

describe('toleration matching', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each([
    [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    [{ key: 'dedicated', value: 'gpu' }, true], // operator defaults to Equal, empty effect = all
    [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    [{ key: 'dedicated', operator: 'Exists' }, true],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ operator: 'Exists' }, true], // empty key + Exists tolerates everything
    [{ key: 'other', operator: 'Exists' }, false],
  ])('%j tolerates dedicated=gpu:NoSchedule → %s', (t, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });
});

describe('node affinity', () => {
  const n = node('w1', { labels: { disk: 'ssd', gen: '5' } });
  const required = (terms: unknown[]) =>
    pod('p', {
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
      },
    });
  it.each([
    [[{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] }], true],
    [[{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }], false],
    [[{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }], true],
    [[{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], true],
    [[{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }], false],
    [[{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }], true],
    [[{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }], false],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }], true],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w2'] }] }], false],
    // terms are ORed, requirements inside a term ANDed
    [
      [
        { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
        { matchExpressions: [{ key: 'gen', operator: 'Exists' }] },
      ],
      true,
    ],
    [
      [
        {
          matchExpressions: [
            { key: 'disk', operator: 'Exists' },
            { key: 'gen', operator: 'Lt', values: ['2'] },
          ],
        },
      ],
      false,
    ],
    [[{}], false],
  ])('%j → %s', (terms, want) => {
    expect(matchesRequiredNodeAffinity(required(terms), n)).toBe(want);
  });

  it('nodeSelector needs every label', () => {
    expect(matchesRequiredNodeAffinity(pod('p', { nodeSelector: { disk: 'ssd' } }), n)).toBe(true);
    expect(matchesRequiredNodeAffinity(pod('p', { nodeSelector: { disk: 'ssd', gpu: 'yes' } }), n)).toBe(
      false,
    );
  });

  it('preferred terms sum their weights', () => {
    const p = pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 10,
              preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
            },
            { weight: 5, preference: { matchExpressions: [{ key: 'gen', operator: 'Exists' }] } },
            { weight: 50, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
          ],
        },
      },
    });
    expect(preferredAffinityScore(p, n)).toBe(15);
  });
});

describe('pod requests', () => {
  it('is max(sum of containers, largest init container) plus overhead', () => {
    const p = pod('p', {
      containers: [
        { name: 'a', image: 'x', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
        { name: 'b', image: 'x', resources: { requests: { cpu: '200m' } } },
      ],
      initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '1', memory: '32Mi' } } }],
      overhead: { cpu: '50m' },
    });
    expect(podRequests(p)).toEqual({ cpu: 1050, memory: 64 * 1024 * 1024 });
    // Scoring substitutes 100m/200Mi for missing requests.
    expect(podRequests(pod('q'), true)).toEqual({ cpu: 100, memory: 200 * 1024 * 1024 });
  });
});

describe('schedulePod', () => {
  it('writes upstream FitError messages, reasons counted and sorted', () => {
    const r = fails(
      schedulePod(
        pod('p', withCpu('3')),
        [info(controlPlane()), info(node('w1')), info(node('w2'))],
        undefined,
      ),
    );
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('reports every resource that is short, not-ready nodes, cordons and selectors', () => {
    const nodes = [
      info(node('a', { cpu: '1', memory: '1Gi' })),
      info(node('b', { ready: 'False' })),
      info(node('c', { unschedulable: true })),
      info(node('d', { labels: { disk: 'hdd' } })),
    ];
    const p = pod('p', { ...withCpu('1500m', '2Gi'), nodeSelector: { 'kubernetes.io/hostname': 'a' } });
    const r = fails(schedulePod(p, nodes, undefined));
    expect(r.message).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector, " +
        '1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. ' +
        'preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.',
    );
  });

  it('counts requests of non-terminal pods already on the node, and the pod count', () => {
    const n = node('w1', { cpu: '1', pods: '2' });
    const running = pod('r', { ...withCpu('600m'), nodeName: 'w1' });
    const done = { ...pod('d', { ...withCpu('900m'), nodeName: 'w1' }), status: { phase: 'Succeeded' } };
    expect(
      fails(schedulePod(pod('p', withCpu('500m')), [info(n, [running, done])], undefined)).message,
    ).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(schedulePod(pod('p', withCpu('400m')), [info(n, [running, done])], undefined).ok).toBe(true);
    const full = [running, pod('x', { nodeName: 'w1' })];
    expect(fails(schedulePod(pod('p'), [info(n, full)], undefined)).message).toMatch(
      /^0\/1 nodes are available: 1 Too many pods\./,
    );
  });

  it('rejects nodes whose host ports are taken', () => {
    const ports = (hostPort: number, hostIP?: string) => ({
      containers: [
        { name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort, ...(hostIP ? { hostIP } : {}) }] },
      ],
    });
    const taken = [pod('o', { ...ports(8080), nodeName: 'w1' })];
    const r = fails(schedulePod(pod('p', ports(8080, '10.0.0.1')), [info(node('w1'), taken)], undefined));
    expect(r.message).toMatch(/1 node\(s\) didn't have free ports for the requested pod ports\./);
    expect(schedulePod(pod('p', ports(8081)), [info(node('w1'), taken)], undefined).ok).toBe(true);
  });

  it('lets a tolerating pod onto the control plane and prefers untainted PreferNoSchedule nodes', () => {
    const tol = {
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    };
    const r = schedulePod(pod('p', tol), [info(controlPlane())], undefined);
    expect(r.ok && r.node).toBe('kubedeck-control-plane');
    const soft = node('soft', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] });
    for (const rnd of [0, 0.999]) {
      const r2 = schedulePod(pod('p'), [info(soft), info(node('plain'))], undefined, () => rnd);
      expect(r2.ok && r2.node).toBe('plain');
    }
  });

  it('prefers the least allocated node', () => {
    const busy = info(node('busy'), [pod('o', { ...withCpu('1500m', '3Gi'), nodeName: 'busy' })]);
    for (const rnd of [0, 0.999]) {
      const r = schedulePod(pod('p'), [busy, info(node('idle'))], undefined, () => rnd);
      expect(r.ok && r.node).toBe('idle');
    }
  });

  it('says no nodes are available when there are none', () => {
    expect(fails(schedulePod(pod('p'), [], undefined)).message).toBe('no nodes available to schedule pods');
  });
});

describe('default topology spreading', () => {
  it('groups pods by their controller when the owner object is not visible, and prefers emptier nodes', async () => {
    const { defaultPodMatcher, spreadScores } = await import('../../../orchestrator/scheduler/spread.js');
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true };
    const mine = (name: string, nodeName: string) => pod(name, { nodeName }, { ownerReferences: [owner] });
    const stranger = (name: string, nodeName: string) => pod(name, { nodeName });
    const lookups = { owner: () => undefined, services: () => [] };
    const match = defaultPodMatcher(pod('new', {}, { ownerReferences: [owner] }), lookups)!;
    expect(match(mine('x', 'a'))).toBe(true);
    expect(match(stranger('y', 'a'))).toBe(false);
    // Node a holds two of ours, b one of ours plus three strangers, c none.
    const a = info(node('a'), [mine('1', 'a'), mine('2', 'a')]);
    const b = info(node('b'), [mine('3', 'b'), stranger('4', 'b'), stranger('5', 'b'), stranger('6', 'b')]);
    const c = info(node('c'));
    const s = spreadScores([a, b, c], [a, b, c], match);
    expect(s.get('c')!).toBeGreaterThan(s.get('b')!);
    expect(s.get('b')!).toBeGreaterThan(s.get('a')!);
    expect(s.get('c')).toBe(100);
    // No owner and no Service: nothing to spread.
    expect(defaultPodMatcher(pod('lone'), lookups)).toBeUndefined();
  });

  it('uses the selectors of Services that select the pod', async () => {
    const { defaultPodMatcher } = await import('../../../orchestrator/scheduler/spread.js');
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { selector: { app: 'web' } },
    };
    const match = defaultPodMatcher(pod('new'), { owner: () => undefined, services: () => [svc] })!;
    expect(match(pod('same'))).toBe(true);
    expect(match(pod('other', {}, { labels: { app: 'db' } }))).toBe(false);
    expect(
      match({ ...pod('elsewhere'), metadata: { name: 'e', namespace: 'prod', labels: { app: 'web' } } }),
    ).toBe(false);
  });
});
