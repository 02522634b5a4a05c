// The HPA's view of the resource metrics API: per-pod usage of one resource, read from the shared
// collector (the same data metrics.k8s.io serves), with upstream's error texts.
import type { KubeObject } from '../../api/types.js';
import { usageOfPod } from '../../metrics/render.js';
import type { MetricsSource } from '../../metrics/types.js';
import type { PodMetrics } from './replica-calculator.js';

/** Per pod: the resource's usage in milli-units (millicores for cpu, millibytes for memory). */
export function podResourceMetrics(
  source: MetricsSource | undefined,
  pods: KubeObject[],
  resource: string,
  container?: string,
): PodMetrics {
  const prefix = `unable to get metrics for resource ${resource}`;
  if (!source) {
    throw new Error(
      `${prefix}: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)`,
    );
  }
  const snap = source.snapshot();
  const out: PodMetrics = new Map();
  for (const pod of pods) {
    const u = usageOfPod(snap.pods, pod);
    if (!u) continue;
    const containers = container ? u.containers.filter((c) => c.name === container) : u.containers;
    if (!containers.length) continue;
    let value = 0;
    for (const c of containers) {
      value +=
        resource === 'cpu'
          ? Math.round(c.cpuNanoCores / 1e6)
          : resource === 'memory'
            ? c.memoryBytes * 1000
            : 0;
    }
    out.set(pod.metadata.name!, { value, timestampMs: u.timestampMs, windowMs: u.windowMs });
  }
  if (out.size === 0) throw new Error(`${prefix}: no metrics returned from resource metrics API`);
  return out;
}
