// Which API updates of a pod need a sync. Upstream's pod config only syncs a pod when it differs
// "semantically" (spec, labels, annotations, deletion); a status-only change (most often our own
// status write coming back through the watch) is merely remembered. Without this every status
// write would cost a full pass over the runtime. We also count a phase set by someone else (a
// terminal phase stops the pod) and the conditions its readiness gates name.
import type { KubeObject } from '../../api/types.js';

export function syncKey(pod: KubeObject): string {
  const gates = new Set(
    (Array.isArray(pod.spec?.readinessGates) ? pod.spec.readinessGates : []).map(
      (g: Record<string, any>) => g.conditionType,
    ),
  );
  const gateConditions = (Array.isArray(pod.status?.conditions) ? pod.status.conditions : [])
    .filter((c: Record<string, any>) => gates.has(c.type))
    .map((c: Record<string, any>) => [c.type, c.status]);
  const m = pod.metadata ?? {};
  return JSON.stringify([
    pod.spec,
    m.labels,
    m.annotations,
    m.deletionTimestamp,
    m.deletionGracePeriodSeconds,
    pod.status?.phase,
    gateConditions,
  ]);
}
