// Taints and tolerations with upstream's matching rules (core/v1 Toleration.ToleratesTaint).
import type { KubeObject } from '../api/types.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Empty effect matches every effect; empty key (operator Exists) every key; Equal compares values. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerated(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * The node's taints plus the condition taint the node lifecycle controller would add when the
 * node is not Ready (not-ready when False or missing, unreachable when Unknown), so a pod only
 * lands on Ready nodes unless it tolerates those taints.
 */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints: Taint[] = [...(node.spec?.taints ?? [])];
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const key = ready?.status === 'Unknown' ? TAINT_UNREACHABLE : TAINT_NOT_READY;
    const has = taints.some(
      (t) => (t.key === TAINT_NOT_READY || t.key === TAINT_UNREACHABLE) && t.effect === 'NoSchedule',
    );
    if (!has) taints.push({ key, effect: 'NoSchedule' });
  }
  return taints;
}

/** First NoSchedule/NoExecute taint the pod does not tolerate, in the node's order. */
export function firstUntoleratedTaint(pod: KubeObject, taints: Taint[]): Taint | undefined {
  return taints.find(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(pod.spec?.tolerations, t),
  );
}

/** PreferNoSchedule taints not tolerated by a toleration with an empty or PreferNoSchedule effect. */
export function countIntolerablePreferNoSchedule(pod: KubeObject, taints: Taint[]): number {
  const tols = ((pod.spec?.tolerations ?? []) as Toleration[]).filter(
    (t) => !t.effect || t.effect === 'PreferNoSchedule',
  );
  return taints.filter((t) => t.effect === 'PreferNoSchedule' && !tolerated(tols, t)).length;
}
