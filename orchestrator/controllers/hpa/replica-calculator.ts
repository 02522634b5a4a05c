// Upstream's replica calculator (pkg/controller/podautoscaler/replica_calculator.go) for resource
// metrics: group pods into ready / unready / missing / ignored, compute the usage ratio over ready
// pods, and redo it conservatively (missing = 100% on scale-down, 0% on scale-up; unready = 0% on
// scale-up) when some pods could not be counted.
import { parseQuantityMilli } from '../../api/validation/quantity.js';
import type { KubeObject } from '../../api/types.js';

/** One pod's metric: the value in milli-units (millicores, millibytes), when it was measured. */
export interface PodMetric {
  value: number;
  timestampMs: number;
  windowMs: number;
}

export type PodMetrics = Map<string, PodMetric>;

export interface Tolerances {
  /** Ratio below 1 within which nothing changes (upstream: 0.1). */
  scaleDown: number;
  /** Ratio above 1 within which nothing changes (upstream: 0.1). */
  scaleUp: number;
}

export function withinTolerance(ratio: number, t: Tolerances): boolean {
  return ratio < 1 ? 1 - ratio <= t.scaleDown : ratio - 1 <= t.scaleUp;
}

export interface CalcOptions {
  nowMs: number;
  cpuInitializationPeriodMs: number;
  initialReadinessDelayMs: number;
  tolerances: Tolerances;
}

interface Grouped {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

function readyCondition(pod: KubeObject): any {
  return (pod.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
}

/** groupPods: which pods count, which are unready (CPU only), missing or ignored (deleted/failed). */
export function groupPods(
  pods: KubeObject[],
  metrics: PodMetrics,
  resource: string,
  opts: Pick<CalcOptions, 'nowMs' | 'cpuInitializationPeriodMs' | 'initialReadinessDelayMs'>,
): Grouped {
  const g: Grouped = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name!;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = readyCondition(pod);
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
      let unready: boolean;
      if (!cond || !Number.isFinite(start)) {
        unready = true;
      } else {
        const transition = Date.parse(cond.lastTransitionTime ?? '') || 0;
        if (start + opts.cpuInitializationPeriodMs > opts.nowMs) {
          // Still initializing: the sample must come from after the pod became ready.
          unready = cond.status === 'False' || metric.timestampMs < transition + metric.windowMs;
        } else {
          // Unready and never ready since the initial readiness delay.
          unready = cond.status === 'False' && start + opts.initialReadinessDelayMs > transition;
        }
      }
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

export class MissingRequestError extends Error {}

/** Sum of the resource's requests per pod (milli-units); upstream refuses pods without one. */
export function podRequests(pods: KubeObject[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    // Sidecars (restartable init containers) run alongside and count, as upstream since 1.29.
    const sidecars = (pod.spec?.initContainers ?? []).filter((c: any) => c?.restartPolicy === 'Always');
    for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
      if (container && c.name !== container) continue;
      const raw = c.resources?.requests?.[resource];
      const milli = raw === undefined ? undefined : parseQuantityMilli(String(raw));
      if (milli === undefined) {
        throw new MissingRequestError(
          `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`,
        );
      }
      sum += Number(milli);
    }
    out.set(pod.metadata.name!, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio: ratio, utilization (integer percent) and raw average usage. */
export function utilizationRatio(
  metrics: PodMetrics,
  requests: Map<string, number>,
  targetUtilization: number,
): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  for (const [pod, m] of metrics) {
    const req = requests.get(pod);
    if (req === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += req;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverage: Math.trunc(metricsTotal / metrics.size),
  };
}

function usageRatio(metrics: PodMetrics, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / Math.max(1, metrics.size));
  return { ratio: usage / target, usage };
}

export interface ResourceReplicas {
  replicas: number;
  /** Utilization in percent (Utilization targets). */
  utilization?: number;
  /** Average usage per pod in milli-units. */
  rawAverage: number;
}

function prepare(
  currentPods: KubeObject[],
  metricsIn: PodMetrics,
  resource: string,
  opts: CalcOptions,
): { metrics: PodMetrics; g: Grouped } {
  if (currentPods.length === 0)
    throw new Error('no pods returned by selector while calculating replica count');
  const metrics = new Map(metricsIn);
  const g = groupPods(currentPods, metrics, resource, opts);
  for (const p of [...g.ignored, ...g.unready]) metrics.delete(p);
  if (metrics.size === 0)
    throw new Error('did not receive metrics for targeted pods (pods might be unready)');
  return { metrics, g };
}

/** Replicas for a Utilization target (percent of request). */
export function resourceUtilizationReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  pods: KubeObject[],
  metricsIn: PodMetrics,
  opts: CalcOptions,
  container?: string,
): ResourceReplicas {
  const { metrics, g } = prepare(pods, metricsIn, resource, opts);
  const requests = podRequests(pods, resource, container);
  const first = utilizationRatio(metrics, requests, targetUtilization);
  const same = { replicas: currentReplicas, utilization: first.utilization, rawAverage: first.rawAverage };
  const scaleUpWithUnready = g.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (withinTolerance(first.ratio, opts.tolerances)) return same;
    return { ...same, replicas: Math.ceil(first.ratio * g.readyPodCount) };
  }
  if (g.missing.size > 0) {
    // Missing pods: assume they use what keeps us from over-reacting in the current direction.
    const fallback = Math.max(100, targetUtilization);
    for (const p of g.missing) {
      if (first.ratio < 1) {
        metrics.set(p, { value: ((requests.get(p) ?? 0) * fallback) / 100, timestampMs: 0, windowMs: 0 });
      } else if (first.ratio > 1) {
        metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
      }
    }
  }
  if (scaleUpWithUnready)
    for (const p of g.unready) metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
  const next = utilizationRatio(metrics, requests, targetUtilization);
  return { ...same, replicas: conservative(currentReplicas, first.ratio, next.ratio, metrics.size, opts) };
}

/** Replicas for an AverageValue target (milli-units per pod). */
export function resourceAverageValueReplicas(
  currentReplicas: number,
  targetMilli: number,
  resource: string,
  pods: KubeObject[],
  metricsIn: PodMetrics,
  opts: CalcOptions,
): ResourceReplicas {
  const { metrics, g } = prepare(pods, metricsIn, resource, opts);
  const first = usageRatio(metrics, targetMilli);
  const same = { replicas: currentReplicas, rawAverage: first.usage };
  const scaleUpWithUnready = g.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (withinTolerance(first.ratio, opts.tolerances)) return same;
    return { ...same, replicas: Math.ceil(first.ratio * g.readyPodCount) };
  }
  for (const p of g.missing) {
    if (first.ratio < 1) metrics.set(p, { value: targetMilli, timestampMs: 0, windowMs: 0 });
    else if (first.ratio > 1) metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
  }
  if (scaleUpWithUnready)
    for (const p of g.unready) metrics.set(p, { value: 0, timestampMs: 0, windowMs: 0 });
  const next = usageRatio(metrics, targetMilli);
  return { ...same, replicas: conservative(currentReplicas, first.ratio, next.ratio, metrics.size, opts) };
}

/** After the conservative redo: no change if it flips direction or falls within tolerance. */
function conservative(
  current: number,
  ratio: number,
  newRatio: number,
  counted: number,
  opts: CalcOptions,
): number {
  if (
    withinTolerance(newRatio, opts.tolerances) ||
    (ratio < 1 && newRatio > 1) ||
    (ratio > 1 && newRatio < 1)
  )
    return current;
  const replicas = Math.ceil(newRatio * counted);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return current;
  return replicas;
}
