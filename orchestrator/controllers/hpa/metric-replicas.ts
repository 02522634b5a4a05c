// computeReplicasForMetrics: one replica proposal per metric spec (Resource and ContainerResource;
// custom and external metrics have no API here), the largest wins; upstream's conditions/errors.
import type { KubeObject } from '../../api/types.js';
import { parseQuantityMilli } from '../../api/validation/quantity.js';
import type { MetricsSource } from '../../metrics/types.js';
import { milliQuantity } from './conditions.js';
import { podResourceMetrics } from './metrics-client.js';
import {
  resourceAverageValueReplicas,
  resourceUtilizationReplicas,
  type CalcOptions,
} from './replica-calculator.js';

export interface MetricProposal {
  replicas: number;
  /** e.g. "cpu resource utilization (percentage of request)" */
  name: string;
  status: Record<string, unknown>;
}

/** A metric that could not be evaluated: the ScalingActive=False condition and event it causes. */
export class MetricError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MetricInputs {
  currentReplicas: number;
  pods: KubeObject[];
  source: MetricsSource | undefined;
  calc: CalcOptions;
}

export function replicasForMetric(spec: any, in_: MetricInputs): MetricProposal {
  const type = spec?.type;
  if (type === 'Resource' || type === 'ContainerResource') {
    const key = type === 'Resource' ? 'resource' : 'containerResource';
    const src = spec[key] ?? {};
    const resource: string = src.name;
    const container: string | undefined = type === 'ContainerResource' ? src.container : undefined;
    const target = src.target ?? {};
    const what = container ? `${resource} container resource` : `${resource} resource`;
    const failReason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
    const base = container ? { name: resource, container } : { name: resource };
    if (target.averageValue != null) {
      const targetMilli = Number(parseQuantityMilli(String(target.averageValue)) ?? 0n);
      try {
        const metrics = podResourceMetrics(in_.source, in_.pods, resource, container);
        const r = resourceAverageValueReplicas(
          in_.currentReplicas,
          targetMilli,
          resource,
          in_.pods,
          metrics,
          in_.calc,
        );
        return {
          replicas: r.replicas,
          name: what,
          status: { type, [key]: { ...base, current: { averageValue: milliQuantity(r.rawAverage) } } },
        };
      } catch (err) {
        throw new MetricError(failReason, `failed to get ${resource} usage: ${(err as Error).message}`);
      }
    }
    if (target.averageUtilization == null) {
      throw new MetricError(
        'FailedGetResourceMetric',
        'invalid resource metric source: neither a utilization target nor a value target was set',
      );
    }
    try {
      const metrics = podResourceMetrics(in_.source, in_.pods, resource, container);
      const r = resourceUtilizationReplicas(
        in_.currentReplicas,
        target.averageUtilization,
        resource,
        in_.pods,
        metrics,
        in_.calc,
        container,
      );
      return {
        replicas: r.replicas,
        name: `${what} utilization (percentage of request)`,
        status: {
          type,
          [key]: {
            ...base,
            current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawAverage) },
          },
        },
      };
    } catch (err) {
      throw new MetricError(failReason, `failed to get ${resource} utilization: ${(err as Error).message}`);
    }
  }
  if (type === 'Pods' || type === 'Object' || type === 'External') {
    const api = type === 'External' ? 'external.metrics.k8s.io' : 'custom.metrics.k8s.io';
    const name = spec[type.toLowerCase()]?.metric?.name ?? '';
    throw new MetricError(
      `FailedGet${type === 'Pods' ? 'Pods' : type}Metric`,
      `failed to get ${type === 'Pods' ? 'pods' : type.toLowerCase()} metric value: unable to get metric ${name}: no ${api} API is served by this cluster`,
    );
  }
  throw new MetricError('InvalidMetricSourceType', `invalid metric source type "${String(type)}"`);
}
