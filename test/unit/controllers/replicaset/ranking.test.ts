// Scale-down victim order (upstream ActivePodsWithRanks).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { podsToDelete } from '../../../../orchestrator/controllers/replicaset/ranking.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    readySince?: number;
    cost?: number;
    restarts?: number;
    created?: number;
  } = {},
): KubeObject {
  return {
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: ago(o.created ?? 3600),
      ...(o.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } }
        : {}),
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions:
        o.readySince !== undefined
          ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySince) }]
          : [],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}

const order = (pods: KubeObject[]) =>
  podsToDelete(pods, pods, pods.length - 1, NOW).map((p) => p.metadata.name);

describe('scale-down ranking', () => {
  it('unassigned < Pending < Unknown < Running, not ready < ready', () => {
    const pods = [
      pod('ready', { node: 'n1', readySince: 600 }),
      pod('running-unready', { node: 'n2' }),
      pod('unknown', { node: 'n3', phase: 'Unknown' }),
      pod('pending', { node: 'n4', phase: 'Pending' }),
      pod('unassigned', { phase: 'Pending' }),
    ];
    expect(order(pods)).toEqual(['unassigned', 'pending', 'unknown', 'running-unready']);
  });

  it('lower pod-deletion-cost first, then more co-located pods first', () => {
    const pods = [
      pod('alone', { node: 'n1', readySince: 600 }),
      pod('shared-a', { node: 'n2', readySince: 600 }),
      pod('shared-b', { node: 'n2', readySince: 600, cost: 10 }),
      pod('cheap', { node: 'n3', readySince: 600, cost: -5 }),
    ];
    const victims = podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata.name);
    expect(victims).toEqual(['cheap', 'shared-a']);
  });

  it('more recently ready first (log buckets), then more restarts, then newer', () => {
    const recent = pod('recent', { node: 'a', readySince: 10 });
    const old = pod('old', { node: 'b', readySince: 100_000 });
    expect(podsToDelete([old, recent], [old, recent], 1, NOW)[0].metadata.name).toBe('recent');
    const flaky = pod('flaky', { node: 'a', readySince: 100, restarts: 4 });
    const calm = pod('calm', { node: 'b', readySince: 100 });
    expect(podsToDelete([calm, flaky], [calm, flaky], 1, NOW)[0].metadata.name).toBe('flaky');
    const newer = pod('newer', { node: 'a', created: 5 });
    const older = pod('older', { node: 'b', created: 500_000 });
    expect(podsToDelete([older, newer], [older, newer], 1, NOW)[0].metadata.name).toBe('newer');
  });
});
