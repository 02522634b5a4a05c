// Condition taints (upstream TaintNodesByCondition + the NoExecute tainting pass): what the node
// lifecycle controller keeps on each node's spec.taints, derived from its conditions.
import type { KubeObject } from '../../api/types.js';
import { condition } from './health.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** NoSchedule taints per condition status (upstream nodeConditionToTaintKeyStatusMap). */
const NO_SCHEDULE: { type: string; status: string; key: string }[] = [
  { type: 'Ready', status: 'False', key: TAINT_NOT_READY },
  { type: 'Ready', status: 'Unknown', key: TAINT_UNREACHABLE },
  { type: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { type: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  { type: 'NetworkUnavailable', status: 'True', key: 'node.kubernetes.io/network-unavailable' },
  { type: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
];

const managed = (t: Taint): boolean =>
  (t.effect === 'NoSchedule' &&
    (NO_SCHEDULE.some((m) => m.key === t.key) || t.key === TAINT_UNSCHEDULABLE)) ||
  (t.effect === 'NoExecute' && (t.key === TAINT_NOT_READY || t.key === TAINT_UNREACHABLE));

/** The controller-managed taints the node should carry now. */
export function desiredTaints(node: KubeObject): Taint[] {
  const out: Taint[] = [];
  for (const m of NO_SCHEDULE) {
    if (condition(node, m.type)?.status === m.status) out.push({ key: m.key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = condition(node, 'Ready')?.status;
  if (ready === 'False') out.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') out.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });
  return out;
}

/**
 * The node's taint list with the managed ones reconciled: others kept in place, existing managed
 * taints kept (with their timeAdded), missing ones appended (NoExecute stamped with timeAdded).
 * Undefined when nothing changes.
 */
export function reconcileTaints(node: KubeObject, nowText: string): Taint[] | undefined {
  const current: Taint[] = node.spec?.taints ?? [];
  const want = desiredTaints(node);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !managed(t) || want.some((w) => same(w, t)));
  const added = want
    .filter((w) => !current.some((t) => same(t, w)))
    .map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: nowText } : w));
  if (kept.length === current.length && added.length === 0) return undefined;
  return [...kept, ...added];
}
