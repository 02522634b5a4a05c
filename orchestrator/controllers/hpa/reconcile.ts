// reconcileAutoscaler: read the target's scale, compute the desired replicas from the metrics,
// apply stabilization and rate limits, rescale, and write status, conditions and events.
import { StatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import { nowRfc3339 } from '../../api/registry/meta.js';
import { RESOURCES } from '../../api/resources.js';
import { formatLabelSelector } from '../../api/selectors.js';
import { parseQuantityMilli } from '../../api/validation/quantity.js';
import type { KubeObject, ResourceInfo } from '../../api/types.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { ControllerSettings } from '../../config/settings.js';
import type { MetricsSource } from '../../metrics/types.js';
import {
  limitWithRules,
  READY_FOR_NEW_SCALE,
  DOWN_STABILIZED,
  ScalingHistory,
  type Behavior,
} from './behavior.js';
import { setCondition, type HPACondition } from './conditions.js';
import { MetricError, replicasForMetric } from './metric-replicas.js';
import type { Tolerances } from './replica-calculator.js';

export const HPA_INFO = RESOURCES.find(
  (r) => r.group === 'autoscaling' && r.version === 'v2' && r.resource === 'horizontalpodautoscalers',
)!;
const PODS = RESOURCES.find((r) => r.group === '' && r.resource === 'pods')!;
export const FIELD_MANAGER = 'kube-controller-manager';

export interface AutoscalerDeps {
  registry: Registry;
  clock: Clock;
  settings: ControllerSettings['hpa'];
  metrics: () => MetricsSource | undefined;
  recorder: EventRecorder;
}

/** The scalable resource a scaleTargetRef names (by group and kind; any served version). */
export function scaleTargetInfo(ref: any): ResourceInfo | undefined {
  const apiVersion = String(ref?.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return RESOURCES.find(
    (r) => r.group === group && r.kind === ref?.kind && r.subresources?.includes('scale'),
  );
}

interface Outcome {
  currentReplicas: number;
  desiredReplicas: number;
  metrics: Record<string, unknown>[];
  rescaled: boolean;
}

export class Autoscaler {
  private readonly history = new Map<string, ScalingHistory>();

  constructor(private readonly deps: AutoscalerDeps) {}

  forget(key: string): void {
    this.history.delete(key);
  }

  reconcile(stored: KubeObject): void {
    const hpa = structuredClone(stored);
    const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
    const history = this.history.get(key) ?? new ScalingHistory();
    this.history.set(key, history);
    const now = this.deps.clock.now();
    const ts = nowRfc3339(new Date(now));
    const conditions: HPACondition[] = structuredClone(hpa.status?.conditions ?? []);
    const cond = (type: string, ok: boolean, reason: string, message: string) =>
      setCondition(conditions, type, ok, reason, message, ts);
    const ns = hpa.metadata.namespace!;
    const spec = hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};

    const info = scaleTargetInfo(ref);
    const target = info ? this.deps.registry.tryGet(info, ns, ref.name) : undefined;
    if (!info || !target) {
      const err = info
        ? `${info.group ? `${info.resource}.${info.group}` : info.resource} "${ref.name}" not found`
        : `no matches for kind "${ref.kind}" in group "${String(ref.apiVersion ?? '').split('/')[0]}"`;
      this.deps.recorder.record(hpa, 'Warning', 'FailedGetScale', err);
      cond(
        'AbleToScale',
        false,
        'FailedGetScale',
        `the HPA controller was unable to get the target's current scale: ${err}`,
      );
      this.writeStatus(hpa, conditions, {
        currentReplicas: hpa.status?.currentReplicas ?? 0,
        desiredReplicas: hpa.status?.desiredReplicas ?? 0,
        metrics: hpa.status?.currentMetrics ?? [],
        rescaled: false,
      });
      return;
    }
    cond(
      'AbleToScale',
      true,
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );

    const currentReplicas: number = target.spec?.replicas ?? 0;
    const minReplicas: number = spec.minReplicas ?? 1;
    const maxReplicas: number = spec.maxReplicas;
    let desired = 0;
    let reason = '';
    let rescale = true;
    let metricStatuses: Record<string, unknown>[] = [];

    if (currentReplicas === 0 && minReplicas !== 0) {
      rescale = false;
      cond(
        'ScalingActive',
        false,
        'ScalingDisabled',
        'scaling is disabled since the replica count of the target is zero',
      );
    } else if (currentReplicas > maxReplicas) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = minReplicas;
    } else {
      const computed = this.computeReplicas(hpa, target, currentReplicas, now, cond);
      metricStatuses = computed.statuses;
      if (computed.replicas < 0) {
        this.deps.recorder.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error);
        this.writeStatus(hpa, conditions, {
          currentReplicas,
          desiredReplicas: hpa.status?.desiredReplicas ?? currentReplicas,
          metrics: metricStatuses,
          rescaled: false,
        });
        return;
      }
      desired = computed.replicas;
      if (desired > currentReplicas) reason = `${computed.metric} above target`;
      if (desired < currentReplicas) reason = 'All metrics below target';
      desired = spec.behavior
        ? this.normalizeWithBehavior(
            history,
            spec.behavior,
            currentReplicas,
            desired,
            minReplicas,
            maxReplicas,
            now,
            cond,
          )
        : this.normalize(history, currentReplicas, desired, minReplicas, maxReplicas, now, cond);
      rescale = desired !== currentReplicas;
    }

    if (rescale) {
      try {
        const fresh = this.deps.registry.get(info, ns, ref.name);
        this.deps.registry.update(
          info,
          ns,
          ref.name,
          { ...fresh, spec: { ...fresh.spec, replicas: desired } },
          { fieldManager: FIELD_MANAGER },
        );
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        this.deps.recorder.record(
          hpa,
          'Warning',
          'FailedRescale',
          `New size: ${desired}; reason: ${reason}; error: ${msg}`,
        );
        cond(
          'AbleToScale',
          false,
          'FailedUpdateScale',
          `the HPA controller was unable to update the target scale: ${msg}`,
        );
        this.writeStatus(hpa, conditions, {
          currentReplicas,
          desiredReplicas: hpa.status?.desiredReplicas ?? currentReplicas,
          metrics: metricStatuses,
          rescaled: false,
        });
        return;
      }
      cond(
        'AbleToScale',
        true,
        'SucceededRescale',
        `the HPA controller was able to update the target scale to ${desired}`,
      );
      this.deps.recorder.record(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desired}; reason: ${reason}`,
      );
      history.recordScale(spec.behavior as Behavior | undefined, currentReplicas, desired, now);
    } else {
      desired = currentReplicas;
    }
    this.writeStatus(hpa, conditions, {
      currentReplicas,
      desiredReplicas: desired,
      metrics: metricStatuses,
      rescaled: rescale,
    });
  }

  private computeReplicas(
    hpa: KubeObject,
    target: KubeObject,
    currentReplicas: number,
    now: number,
    cond: (type: string, ok: boolean, reason: string, message: string) => void,
  ): { replicas: number; metric: string; statuses: Record<string, unknown>[]; error: string } {
    const specs: any[] = hpa.spec?.metrics ?? [];
    // The scale's selector: a ReplicationController's is a plain label map.
    const raw = target.spec?.selector;
    const scaleSelector = target.kind === 'ReplicationController' && raw ? { matchLabels: raw } : raw;
    const selector = scaleSelector ? formatLabelSelector(scaleSelector) : '';
    if (!selector || selector === '<none>' || selector === '<error>') {
      const msg =
        selector === '<error>'
          ? "the HPA target's scale has an invalid label selector"
          : 'selector is required';
      this.deps.recorder.record(
        hpa,
        'Warning',
        selector === '<error>' ? 'InvalidSelector' : 'SelectorRequired',
        msg,
      );
      cond(
        'ScalingActive',
        false,
        'InvalidSelector',
        selector === '<error>' ? msg : "the HPA target's scale is missing a selector",
      );
      return { replicas: -1, metric: '', statuses: [], error: msg };
    }
    const pods = this.deps.registry.list(PODS, hpa.metadata.namespace, { labelSelector: selector }).items;
    const s = this.deps.settings;
    const tolerances: Tolerances = {
      scaleUp: numberOr(hpa.spec?.behavior?.scaleUp?.tolerance, s.tolerance),
      scaleDown: numberOr(hpa.spec?.behavior?.scaleDown?.tolerance, s.tolerance),
    };
    const inputs = {
      currentReplicas,
      pods,
      source: this.deps.metrics(),
      calc: {
        nowMs: now,
        cpuInitializationPeriodMs: s.cpuInitializationPeriodMs,
        initialReadinessDelayMs: s.initialReadinessDelayMs,
        tolerances,
      },
    };
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let first: MetricError | undefined;
    const statuses: Record<string, unknown>[] = [];
    for (const spec of specs) {
      try {
        const p = replicasForMetric(spec, inputs);
        statuses.push(p.status);
        if (replicas === 0 || p.replicas > replicas) {
          replicas = p.replicas;
          metric = p.name;
        }
      } catch (e) {
        statuses.push({ type: '' });
        const err = e instanceof MetricError ? e : new MetricError('FailedGetResourceMetric', String(e));
        this.deps.recorder.record(hpa, 'Warning', err.reason, err.message);
        if (!first) first = err;
        invalid++;
      }
    }
    if (first && (invalid >= specs.length || replicas < currentReplicas)) {
      cond(
        'ScalingActive',
        false,
        first.reason,
        `the HPA was unable to compute the replica count: ${first.message}`,
      );
      return {
        replicas: -1,
        metric: '',
        statuses,
        error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.message}`,
      };
    }
    cond(
      'ScalingActive',
      true,
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${metric}`,
    );
    return { replicas, metric, statuses, error: '' };
  }

  /** normalizeDesiredReplicas: downscale stabilization, then min/max and the scale-up rate limit. */
  private normalize(
    history: ScalingHistory,
    current: number,
    desired: number,
    min: number,
    max: number,
    now: number,
    cond: (type: string, ok: boolean, reason: string, message: string) => void,
  ): number {
    const stabilized = history.stabilize(desired, now, this.deps.settings.downscaleStabilizationMs);
    const why = stabilized !== desired ? DOWN_STABILIZED : READY_FOR_NEW_SCALE;
    cond('AbleToScale', true, why.reason, why.message);
    const limited = limitWithRules(current, stabilized, min, max);
    cond('ScalingLimited', limited.replicas !== stabilized, limited.reason, limited.message);
    return limited.replicas;
  }

  /** normalizeDesiredReplicasWithBehaviors: windows from the behavior, then the rate policies. */
  private normalizeWithBehavior(
    history: ScalingHistory,
    behavior: Behavior,
    current: number,
    desired: number,
    min: number,
    max: number,
    now: number,
    cond: (type: string, ok: boolean, reason: string, message: string) => void,
  ): number {
    const upMs = (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const downSec = behavior.scaleDown?.stabilizationWindowSeconds;
    const downMs = downSec != null ? downSec * 1000 : this.deps.settings.downscaleStabilizationMs;
    const stabilized = history.stabilizeWithBehavior(current, desired, now, upMs, downMs);
    cond('AbleToScale', true, stabilized.reason, stabilized.message);
    const limited = history.limitWithBehavior(current, stabilized.replicas, min, max, behavior, now);
    cond('ScalingLimited', limited.replicas !== stabilized.replicas, limited.reason, limited.message);
    return limited.replicas;
  }

  private writeStatus(hpa: KubeObject, conditions: HPACondition[], o: Outcome): void {
    const old = hpa.status ?? {};
    const status: Record<string, unknown> = {
      ...(o.rescaled
        ? { lastScaleTime: nowRfc3339(new Date(this.deps.clock.now())) }
        : old.lastScaleTime
          ? { lastScaleTime: old.lastScaleTime }
          : {}),
      ...(hpa.metadata.generation ? { observedGeneration: hpa.metadata.generation } : {}),
      currentReplicas: o.currentReplicas,
      desiredReplicas: o.desiredReplicas,
      ...(o.metrics.length ? { currentMetrics: o.metrics } : {}),
      conditions,
    };
    if (JSON.stringify(status) === JSON.stringify(old)) return;
    try {
      this.deps.registry.update(
        HPA_INFO,
        hpa.metadata.namespace!,
        hpa.metadata.name!,
        { ...hpa, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', status },
        { fieldManager: FIELD_MANAGER },
        'status',
      );
    } catch (e) {
      // A conflict or a deleted HPA: the next sync starts from the fresh object.
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

/** A behavior rule's tolerance is a Quantity ("0.05", "50m"); unset → the controller's. */
function numberOr(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v;
  const milli = typeof v === 'string' ? parseQuantityMilli(v) : undefined;
  return milli === undefined ? fallback : Number(milli) / 1000;
}
