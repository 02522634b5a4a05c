// Stabilization windows and scaling-rate policies (upstream horizontal.go: stabilizeRecommendation*,
// convertDesiredReplicasWithRules/WithBehaviorRate, calculateScale{Up,Down}Limit*). State per HPA:
// recent recommendations and recent scale events.

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
  tolerance?: unknown;
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

const TOO_FEW = {
  reason: 'TooFewReplicas',
  message: 'the desired replica count is less than the minimum replica count',
};
const TOO_MANY = {
  reason: 'TooManyReplicas',
  message: 'the desired replica count is more than the maximum replica count',
};
const UP_LIMIT = {
  reason: 'ScaleUpLimit',
  message: 'the desired replica count is increasing faster than the maximum scale rate',
};
const DOWN_LIMIT = {
  reason: 'ScaleDownLimit',
  message: 'the desired replica count is decreasing faster than the maximum scale rate',
};
const WITHIN = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
export const READY_FOR_NEW_SCALE = {
  reason: 'ReadyForNewScale',
  message: 'recommended size matches current size',
};
export const DOWN_STABILIZED = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};
export const UP_STABILIZED = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};

/** Without behavior: at most max(2×current, 4) at once (scaleUpLimitFactor/Minimum). */
export function scaleUpLimit(current: number): number {
  return Math.max(2 * current, 4);
}

/** convertDesiredReplicasWithRules (no behavior). */
export function limitWithRules(current: number, desired: number, min: number, max: number): Limited {
  const upLimit = scaleUpLimit(current);
  let maxAllowed = max;
  let limit = TOO_MANY;
  if (max > upLimit) {
    maxAllowed = upLimit;
    limit = UP_LIMIT;
  }
  if (desired < min) return { replicas: min, ...TOO_FEW };
  if (desired > maxAllowed) return { replicas: maxAllowed, ...limit };
  return { replicas: desired, ...WITHIN };
}

export class ScalingHistory {
  private recommendations: Recommendation[] = [];
  private up: ScaleEvent[] = [];
  private down: ScaleEvent[] = [];

  /** stabilizeRecommendation (no behavior): the highest recommendation within the down window. */
  stabilize(desired: number, now: number, downWindowMs: number): number {
    let max = desired;
    let oldIndex = -1;
    const cutoff = now - downWindowMs;
    this.recommendations.forEach((r, i) => {
      if (r.at < cutoff) oldIndex = i;
      else if (r.replicas > max) max = r.replicas;
    });
    this.store(oldIndex, { replicas: desired, at: now });
    return max;
  }

  /** stabilizeRecommendationWithBehaviors: clamp between the up window's min and the down window's max. */
  stabilizeWithBehavior(
    current: number,
    desired: number,
    now: number,
    upWindowMs: number,
    downWindowMs: number,
  ): Limited {
    let upRec = desired;
    let downRec = desired;
    let oldIndex = -1;
    const upCutoff = now - upWindowMs;
    const downCutoff = now - downWindowMs;
    const obsolete = now - Math.max(upWindowMs, downWindowMs);
    this.recommendations.forEach((r, i) => {
      if (r.at > upCutoff) upRec = Math.min(upRec, r.replicas);
      if (r.at > downCutoff) downRec = Math.max(downRec, r.replicas);
      if (r.at < obsolete) oldIndex = i;
    });
    let rec = current;
    if (rec < upRec) rec = upRec;
    if (rec > downRec) rec = downRec;
    this.store(oldIndex, { replicas: desired, at: now });
    if (rec === desired) return { replicas: rec, ...READY_FOR_NEW_SCALE };
    return { replicas: rec, ...(desired > rec ? UP_STABILIZED : DOWN_STABILIZED) };
  }

  private store(oldIndex: number, r: Recommendation): void {
    if (oldIndex >= 0) this.recommendations[oldIndex] = r;
    else this.recommendations.push(r);
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  limitWithBehavior(
    current: number,
    desired: number,
    min: number,
    max: number,
    behavior: Behavior,
    now: number,
  ): Limited {
    if (desired > current) {
      let limit = this.scaleUpLimit(current, behavior.scaleUp ?? {}, now);
      if (limit < current) limit = current;
      const [maxAllowed, why] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
      if (desired > maxAllowed) return { replicas: maxAllowed, ...why };
    } else if (desired < current) {
      let limit = this.scaleDownLimit(current, behavior.scaleDown ?? {}, now);
      if (limit > current) limit = current;
      const [minAllowed, why] = min < limit ? [limit, DOWN_LIMIT] : [min, TOO_FEW];
      if (desired < minAllowed) return { replicas: minAllowed, ...why };
    }
    return { replicas: desired, ...WITHIN };
  }

  private changeInPeriod(events: ScaleEvent[], periodSeconds: number, now: number): number {
    const cutoff = now - periodSeconds * 1000;
    return events.reduce((sum, e) => (e.at > cutoff ? sum + e.change : sum), 0);
  }

  private scaleUpLimit(current: number, rules: ScalingRules, now: number): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
    let result = rules.selectPolicy === 'Min' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    for (const p of rules.policies ?? []) {
      const start =
        current -
        this.changeInPeriod(this.up, p.periodSeconds, now) +
        this.changeInPeriod(this.down, p.periodSeconds, now);
      const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      result = pick(result, proposed);
    }
    return result;
  }

  private scaleDownLimit(current: number, rules: ScalingRules, now: number): number {
    if (rules.selectPolicy === 'Disabled') return current;
    // Min picks the policy allowing the smaller change, i.e. the larger floor (and vice versa).
    const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
    let result = rules.selectPolicy === 'Min' ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
    for (const p of rules.policies ?? []) {
      const start =
        current -
        this.changeInPeriod(this.up, p.periodSeconds, now) +
        this.changeInPeriod(this.down, p.periodSeconds, now);
      const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      result = pick(result, proposed);
    }
    return result;
  }

  /** storeScaleEvent: remembered only with a behavior, for the rate policies' periods. */
  recordScale(behavior: Behavior | undefined, previous: number, next: number, now: number): void {
    if (!behavior || previous === next) return;
    const upward = next > previous;
    const rules = (upward ? behavior.scaleUp : behavior.scaleDown) ?? {};
    const events = upward ? this.up : this.down;
    const longest = Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds));
    const cutoff = now - longest * 1000;
    let reuse = -1;
    events.forEach((e, i) => {
      if (e.at < cutoff) e.outdated = true;
      if (e.outdated && reuse < 0) reuse = i;
    });
    const ev = { change: Math.abs(next - previous), at: now, outdated: false };
    if (reuse >= 0) events[reuse] = ev;
    else events.push(ev);
  }
}
