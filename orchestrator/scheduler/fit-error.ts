// The FailedScheduling message, in upstream's FitError.Error() form:
// "0/N nodes are available: <count reason, … sorted>. preemption: 0/N nodes are available: …."
import type { KubeObject } from '../api/types.js';
import type { FilterStatus } from './filters.js';

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** "count reason" entries sorted as strings (Go's sort.Strings over the histogram). */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const entries = [...counts].map(([r, n]) => `${n} ${r}`);
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.join(', ');
}

/**
 * What DefaultPreemption's PostFilter reports. Kubedeck does not preempt, so every node where
 * preemption might help (failures other than UnschedulableAndUnresolvable) is reported as
 * upstream reports a node without lower-priority victims.
 */
function preemptionMessage(pod: KubeObject, statuses: Map<string, FilterStatus>): string {
  if (pod.spec?.preemptionPolicy === 'Never')
    return 'preemption: not eligible due to preemptionPolicy=Never.';
  const reasons = [...statuses.values()].map((s) =>
    s.code === 'UnschedulableAndUnresolvable'
      ? 'Preemption is not helpful for scheduling'
      : 'No preemption victims found for incoming pod',
  );
  return `preemption: 0/${statuses.size} nodes are available: ${histogram(reasons)}.`;
}

/** statuses: the failing status of every node considered (all of them, when none fits). */
export function fitErrorMessage(pod: KubeObject, statuses: Map<string, FilterStatus>): string {
  if (statuses.size === 0) return NO_NODES_AVAILABLE;
  const reasons = [...statuses.values()].flatMap((s) => s.reasons);
  let msg = `0/${statuses.size} nodes are available:`;
  if (reasons.length) msg += ` ${histogram(reasons)}.`;
  return `${msg} ${preemptionMessage(pod, statuses)}`;
}
