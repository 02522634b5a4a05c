// Stabilization windows and rate policies (upstream horizontal.go semantics).
import { describe, expect, it } from 'vitest';
import {
  limitWithRules,
  ScalingHistory,
  type Behavior,
} from '../../../../orchestrator/controllers/hpa/behavior.js';

const upDefaults = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max' as const,
  policies: [
    { type: 'Pods' as const, value: 4, periodSeconds: 15 },
    { type: 'Percent' as const, value: 100, periodSeconds: 15 },
  ],
};
const downDefaults = {
  selectPolicy: 'Max' as const,
  policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }],
};

describe('without behavior', () => {
  it('keeps the highest recommendation of the downscale window', () => {
    const h = new ScalingHistory();
    expect(h.stabilize(5, 0, 300_000)).toBe(5);
    expect(h.stabilize(2, 10_000, 300_000)).toBe(5);
    expect(h.stabilize(1, 299_000, 300_000)).toBe(5);
    // The 5 is older than the window now; 2 (at 10 s) is still inside.
    expect(h.stabilize(1, 301_000, 300_000)).toBe(2);
    expect(h.stabilize(1, 320_000, 300_000)).toBe(1);
  });

  it('limits to min/max and to max(2×current, 4) at once', () => {
    expect(limitWithRules(1, 10, 1, 20)).toMatchObject({ replicas: 4, reason: 'ScaleUpLimit' });
    expect(limitWithRules(5, 30, 1, 20)).toMatchObject({ replicas: 10, reason: 'ScaleUpLimit' });
    expect(limitWithRules(5, 30, 1, 8)).toMatchObject({ replicas: 8, reason: 'TooManyReplicas' });
    expect(limitWithRules(5, 0, 2, 8)).toMatchObject({ replicas: 2, reason: 'TooFewReplicas' });
    expect(limitWithRules(5, 6, 2, 8)).toMatchObject({ replicas: 6, reason: 'DesiredWithinRange' });
  });
});

describe('with behavior', () => {
  const behavior: Behavior = { scaleUp: upDefaults, scaleDown: downDefaults };

  it('default scale-up allows max(+4 pods, +100%) per 15 s, counting recent scale-ups', () => {
    const h = new ScalingHistory();
    expect(h.limitWithBehavior(1, 20, 1, 50, behavior, 0)).toMatchObject({
      replicas: 5,
      reason: 'ScaleUpLimit',
    });
    h.recordScale(behavior, 1, 5, 0);
    // Within the same 15 s period the start is still 1: at most 5 → no further growth.
    expect(h.limitWithBehavior(5, 20, 1, 50, behavior, 10_000).replicas).toBe(5);
    // After the period: from 5, max(5+4, 10) = 10.
    expect(h.limitWithBehavior(5, 20, 1, 50, behavior, 16_000)).toMatchObject({
      replicas: 10,
      reason: 'ScaleUpLimit',
    });
    expect(h.limitWithBehavior(5, 20, 1, 8, behavior, 16_000)).toMatchObject({
      replicas: 8,
      reason: 'TooManyReplicas',
    });
  });

  it('selectPolicy Min picks the most conservative policy and Disabled forbids the direction', () => {
    const h = new ScalingHistory();
    const min: Behavior = { scaleUp: { ...upDefaults, selectPolicy: 'Min' }, scaleDown: downDefaults };
    expect(h.limitWithBehavior(10, 40, 1, 50, min, 0).replicas).toBe(14); // min(10+4, 20)
    const off: Behavior = {
      scaleUp: { ...upDefaults, selectPolicy: 'Disabled' },
      scaleDown: { ...downDefaults, selectPolicy: 'Disabled' },
    };
    expect(h.limitWithBehavior(10, 40, 1, 50, off, 0)).toMatchObject({
      replicas: 10,
      reason: 'ScaleUpLimit',
    });
    expect(h.limitWithBehavior(10, 2, 1, 50, off, 0)).toMatchObject({
      replicas: 10,
      reason: 'ScaleDownLimit',
    });
  });

  it('scale-down policies: Pods per period and Percent, Max allows the larger change', () => {
    const h = new ScalingHistory();
    const b: Behavior = {
      scaleUp: upDefaults,
      scaleDown: {
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 1, periodSeconds: 60 },
          { type: 'Percent', value: 10, periodSeconds: 60 },
        ],
      },
    };
    // From 20: Pods → 19, Percent → trunc(18) = 18; Max picks the larger change → 18.
    expect(h.limitWithBehavior(20, 5, 1, 50, b, 0)).toMatchObject({ replicas: 18, reason: 'ScaleDownLimit' });
    h.recordScale(b, 20, 18, 0);
    // 30 s later the period still starts at 20 → floor stays 18.
    expect(h.limitWithBehavior(18, 5, 1, 50, b, 30_000).replicas).toBe(18);
    // After 60 s: from 18 → max change(17, 16.2→16) = 16.
    expect(h.limitWithBehavior(18, 5, 1, 50, b, 61_000).replicas).toBe(16);
    // minReplicas above the policy floor wins with TooFewReplicas.
    expect(h.limitWithBehavior(18, 5, 17, 50, b, 61_000)).toMatchObject({
      replicas: 17,
      reason: 'TooFewReplicas',
    });
  });

  it('stabilization windows clamp between recent recommendations', () => {
    const h = new ScalingHistory();
    expect(h.stabilizeWithBehavior(4, 8, 0, 0, 60_000)).toMatchObject({
      replicas: 8,
      reason: 'ReadyForNewScale',
    });
    // A lower recommendation within the down window keeps the highest (8).
    expect(h.stabilizeWithBehavior(8, 2, 30_000, 0, 60_000)).toMatchObject({
      replicas: 8,
      reason: 'ScaleDownStabilized',
    });
    // After the window both older samples have expired → the current recommendation (3) applies.
    expect(h.stabilizeWithBehavior(8, 3, 91_000, 0, 60_000)).toMatchObject({
      replicas: 3,
      reason: 'ReadyForNewScale',
    });
    // Scale-up window: the lowest recent recommendation wins.
    const u = new ScalingHistory();
    u.stabilizeWithBehavior(2, 2, 0, 30_000, 0);
    expect(u.stabilizeWithBehavior(2, 6, 10_000, 30_000, 0)).toMatchObject({
      replicas: 2,
      reason: 'ScaleUpStabilized',
    });
    expect(u.stabilizeWithBehavior(2, 6, 31_000, 30_000, 0).replicas).toBe(6);
  });
});
