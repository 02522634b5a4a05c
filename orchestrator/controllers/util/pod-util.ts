// Pod readiness/availability and controller-reference helpers shared by the workload controllers
// (upstream: pkg/api/v1/pod/util.go and apimachinery's metav1.GetControllerOf).
import type { KubeObject, OwnerReference } from '../../api/types.js';

/** The pod's Ready condition, if any. */
export function getPodReadyCondition(
  pod: KubeObject,
): { status?: string; lastTransitionTime?: string } | undefined {
  const conds = (pod.status?.conditions ?? []) as {
    type?: string;
    status?: string;
    lastTransitionTime?: string;
  }[];
  return conds.find((c) => c.type === 'Ready');
}

/** Ready condition True. */
export function isPodReady(pod: KubeObject): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

/**
 * Ready for at least minReadySeconds (upstream IsPodAvailable): with 0 any ready pod counts;
 * otherwise the Ready condition's lastTransitionTime must be at least that long ago.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = getPodReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return false;
  return since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available (0 when already available or not ready). */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, now: number): number {
  const c = getPodReadyCondition(pod);
  if (c?.status !== 'True' || !minReadySeconds || !c.lastTransitionTime) return 0;
  return Math.max(0, Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 - now);
}

/** Not Succeeded/Failed and not being deleted (upstream IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Being deleted (deletionTimestamp set). */
export function isPodTerminating(pod: KubeObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/** The ownerReference with controller: true, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** A controller ownerReference pointing at owner (controller and blockOwnerDeletion true). */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** "namespace/name" key of a pod or any namespaced object. */
export function podKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Splits a "namespace/name" key (a key without "/" is a cluster-scoped name). */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Total restarts over the pod's containers. */
export function podRestarts(pod: KubeObject): number {
  let n = 0;
  for (const s of (pod.status?.containerStatuses ?? []) as { restartCount?: number }[])
    n += s.restartCount ?? 0;
  return n;
}
