// Upstream replica calculator cases: tolerance, missing metrics, unready pods, CPU initialization.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import {
  groupPods,
  podRequests,
  resourceAverageValueReplicas,
  resourceUtilizationReplicas,
  type CalcOptions,
  type PodMetrics,
} from '../../../../orchestrator/controllers/hpa/replica-calculator.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const opts: CalcOptions = {
  nowMs: NOW,
  cpuInitializationPeriodMs: 300_000,
  initialReadinessDelayMs: 30_000,
  tolerances: { scaleUp: 0.1, scaleDown: 0.1 },
};

/** A pod started 10 min ago (past CPU initialization), Ready since then, requesting `cpu`. */
function pod(
  name: string,
  o: {
    ready?: boolean;
    startedAgoMs?: number;
    readySinceAgoMs?: number;
    phase?: string;
    cpu?: string | null;
  } = {},
): KubeObject {
  const started = NOW - (o.startedAgoMs ?? 600_000);
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'c',
          resources: o.cpu === null ? {} : { requests: { cpu: o.cpu ?? '100m', memory: '64Mi' } },
        },
      ],
    },
    status: {
      phase: o.phase ?? 'Running',
      startTime: iso(started),
      conditions: [
        {
          type: 'Ready',
          status: o.ready === false ? 'False' : 'True',
          lastTransitionTime: iso(NOW - (o.readySinceAgoMs ?? (o.startedAgoMs ?? 600_000) - 1000)),
        },
      ],
    },
  };
}

function metrics(values: Record<string, number>, at = NOW - 5000): PodMetrics {
  return new Map(
    Object.entries(values).map(([k, v]) => [k, { value: v, timestampMs: at, windowMs: 15_000 }]),
  );
}

describe('resourceUtilizationReplicas', () => {
  it('scales by ceil(current × ratio) over ready pods', () => {
    const pods = [pod('a'), pod('b')];
    // 150m and 130m of 100m requests: 140% against 50% → ratio 2.8 → ceil(2.8 × 2) = 6.
    const r = resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 150, b: 130 }), opts);
    expect(r).toEqual({ replicas: 6, utilization: 140, rawAverage: 140 });
  });

  it('keeps the count within the tolerance', () => {
    const pods = [pod('a'), pod('b')];
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 54, b: 54 }), opts).replicas).toBe(2);
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 46, b: 46 }), opts).replicas).toBe(2);
    // Just outside: 56% → ratio 1.12.
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 56, b: 56 }), opts).replicas).toBe(3);
    // A larger tolerance absorbs it.
    const wide = { ...opts, tolerances: { scaleUp: 0.2, scaleDown: 0.2 } };
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 56, b: 56 }), wide).replicas).toBe(2);
  });

  it('counts pods without metrics as 100% when scaling down', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    // Ready a, b at 10% → would be ceil(0.2 × 2) = 1; with c at 100%: (10+10+100)/3 = 40% → ceil(0.8 × 3) = 3 → no change.
    const r = resourceUtilizationReplicas(3, 50, 'cpu', pods, metrics({ a: 10, b: 10 }), opts);
    expect(r.replicas).toBe(3);
    expect(r.utilization).toBe(10);
    // Lower target: c counts at max(100, target) … still scale-down, to ceil(40/80 × 3) = 2.
    expect(resourceUtilizationReplicas(3, 80, 'cpu', pods, metrics({ a: 5, b: 5 }), opts).replicas).toBe(2);
  });

  it('counts pods without metrics as 0% when scaling up', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    // a, b at 200%; c missing → 0: (200+200+0)/3 = 133% → ratio 2.66 → ceil(2.66 × 3) = 8.
    const r = resourceUtilizationReplicas(3, 50, 'cpu', pods, metrics({ a: 200, b: 200 }), opts);
    expect(r.replicas).toBe(8);
  });

  it('counts unready pods as 0% on scale-up and ignores them otherwise', () => {
    const pods = [pod('a'), pod('b', { ready: false })];
    // a at 100% (ratio 2): with b at 0 → 50% → within tolerance → unchanged.
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 100, b: 300 }), opts).replicas).toBe(
      2,
    );
    // a at 20%: scale-down uses ready pods only → ceil(0.4 × 1) = 1.
    expect(resourceUtilizationReplicas(2, 50, 'cpu', pods, metrics({ a: 20, b: 300 }), opts).replicas).toBe(
      1,
    );
  });

  it('treats pending and deleted pods like upstream', () => {
    const deleted = pod('d');
    deleted.metadata.deletionTimestamp = iso(NOW);
    const g = groupPods(
      [pod('a'), pod('p', { phase: 'Pending' }), deleted, pod('f', { phase: 'Failed' })],
      metrics({ a: 1, p: 1, d: 1, f: 1 }),
      'cpu',
      opts,
    );
    expect(g.readyPodCount).toBe(1);
    expect([...g.unready]).toEqual(['p']);
    expect([...g.ignored].sort()).toEqual(['d', 'f']);
  });

  it('during CPU initialization ignores samples taken before the pod became ready', () => {
    // Started 60 s ago, ready 2 s ago; the sample window (15 s) reaches back before readiness.
    const fresh = pod('a', { startedAgoMs: 60_000, readySinceAgoMs: 2_000 });
    expect(groupPods([fresh], metrics({ a: 500 }, NOW - 1000), 'cpu', opts).unready.has('a')).toBe(true);
    // Ready 30 s ago: the sample is from after readiness + window → counted.
    const settled = pod('a', { startedAgoMs: 60_000, readySinceAgoMs: 30_000 });
    expect(groupPods([settled], metrics({ a: 500 }, NOW - 1000), 'cpu', opts).readyPodCount).toBe(1);
    // Memory ignores readiness altogether.
    expect(groupPods([fresh], metrics({ a: 500 }, NOW - 1000), 'memory', opts).readyPodCount).toBe(1);
  });

  it('after CPU initialization, a pod unready since the initial readiness delay is unready', () => {
    // Started 10 min ago, turned unready 9 min ago (after the 30 s delay) → counted as ready for CPU.
    const flapped = pod('a', { ready: false, readySinceAgoMs: 540_000 });
    expect(groupPods([flapped], metrics({ a: 1 }), 'cpu', opts).readyPodCount).toBe(1);
    // Unready since 10 s after start (within the delay): never became ready → unready.
    const never = pod('a', { ready: false, readySinceAgoMs: 590_000 });
    expect(groupPods([never], metrics({ a: 1 }), 'cpu', opts).unready.has('a')).toBe(true);
  });

  it('fails like upstream without requests, pods or metrics', () => {
    expect(() =>
      resourceUtilizationReplicas(1, 50, 'cpu', [pod('a', { cpu: null })], metrics({ a: 1 }), opts),
    ).toThrow('missing request for cpu in container c of Pod a');
    expect(() => resourceUtilizationReplicas(1, 50, 'cpu', [], metrics({}), opts)).toThrow(
      'no pods returned by selector while calculating replica count',
    );
    expect(() =>
      resourceUtilizationReplicas(1, 50, 'cpu', [pod('a', { phase: 'Pending' })], metrics({ a: 1 }), opts),
    ).toThrow('did not receive metrics for targeted pods (pods might be unready)');
  });
});

describe('podRequests', () => {
  it('adds sidecar (restartable init container) requests and skips plain init containers', () => {
    const p = pod('a', { cpu: '100m' });
    p.spec.initContainers = [
      { name: 'init', resources: { requests: { cpu: '1' } } },
      { name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
    ];
    expect(podRequests([p], 'cpu').get('a')).toBe(150);
    expect(podRequests([p], 'cpu', 'c').get('a')).toBe(100);
  });
});

describe('resourceAverageValueReplicas', () => {
  it('scales on the average per pod against the target value', () => {
    const pods = [pod('a'), pod('b')];
    const mib = 1024 * 1024 * 1000; // millibytes
    // 300 Mi average against 100 Mi → 3 × 2 = 6.
    const r = resourceAverageValueReplicas(
      2,
      100 * mib,
      'memory',
      pods,
      metrics({ a: 200 * mib, b: 400 * mib }),
      opts,
    );
    expect(r.replicas).toBe(6);
    expect(r.rawAverage).toBe(300 * mib);
    // Missing on scale-down counts as the target.
    const three = [...pods, pod('c')];
    expect(
      resourceAverageValueReplicas(3, 100 * mib, 'memory', three, metrics({ a: 10 * mib, b: 10 * mib }), opts)
        .replicas,
    ).toBe(2);
  });
});
