// metrics.k8s.io/v1beta1 objects (NodeMetrics, PodMetrics) from collected usage, shaped like
// metrics-server's: usage quantities in nanocores ("n") and Ki, window as a Go duration.
import type { KubeObject } from '../api/types.js';
import type { NodeUsage, PodUsage } from './types.js';
import { formatGoDuration } from '../config/duration.js';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

export function cpuQuantity(nanoCores: number): string {
  return `${Math.max(0, Math.round(nanoCores))}n`;
}

export function memoryQuantity(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / 1024))}Ki`;
}

/** Go's time.Duration.String() of a window, to the millisecond like metrics-server's ("15.2s", "1m0.5s"). */
export function goDuration(ms: number): string {
  return formatGoDuration(Math.max(0, Math.round(ms)));
}

function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function nodeMetrics(node: KubeObject, u: NodeUsage, nowMs: number): KubeObject {
  return {
    kind: 'NodeMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: node.metadata.name,
      creationTimestamp: rfc3339(nowMs),
      ...(node.metadata.labels ? { labels: node.metadata.labels } : {}),
    },
    timestamp: rfc3339(u.timestampMs),
    window: goDuration(u.windowMs),
    usage: { cpu: cpuQuantity(u.cpuNanoCores), memory: memoryQuantity(u.memoryBytes) },
  };
}

export function podMetrics(pod: KubeObject, u: PodUsage, nowMs: number): KubeObject {
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: rfc3339(nowMs),
      ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: rfc3339(u.timestampMs),
    window: goDuration(u.windowMs),
    containers: u.containers.map((c) => ({
      name: c.name,
      usage: { cpu: cpuQuantity(c.cpuNanoCores), memory: memoryQuantity(c.memoryBytes) },
    })),
  };
}

/** Usage of a pod that is the same pod the registry holds (same uid), if collected. */
export function usageOfPod(pods: Map<string, PodUsage>, pod: KubeObject): PodUsage | undefined {
  const u = pod.metadata.uid ? pods.get(pod.metadata.uid) : undefined;
  return u && u.name === pod.metadata.name && u.namespace === pod.metadata.namespace ? u : undefined;
}
