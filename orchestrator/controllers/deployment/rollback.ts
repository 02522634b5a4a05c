// Revision bookkeeping. A rollback (`kubectl rollout undo`) is client-side: kubectl copies an old
// ReplicaSet's template back into the deployment; the controller then finds that old RS as the
// "new" one and gives it the next revision (max + 1), remembering its previous numbers in
// revision-history, so revision numbers are never reused (upstream SetNewReplicaSetAnnotations).
import type { KubeObject } from '../../api/types.js';
import {
  DESIRED_REPLICAS,
  LAST_APPLIED,
  MAX_REPLICAS,
  MAX_REV_HISTORY_CHARS,
  maxSurge,
  replicasOf,
  REVISION,
  REVISION_HISTORY,
} from './util.js';

/** Deployment annotations that are the controller's own and never copied to a ReplicaSet. */
export const SKIPPED: ReadonlySet<string> = new Set([
  LAST_APPLIED,
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
]);

/** Copies the deployment's annotations (e.g. kubernetes.io/change-cause) to the RS; true if any changed. */
export function copyDeploymentAnnotations(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  const target = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED.has(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/** desired-replicas and max-replicas as they should be for the deployment's current size. */
export function replicasAnnotations(d: KubeObject): { desired: string; max: string } {
  const n = replicasOf(d);
  return { desired: String(n), max: String(n + maxSurge(d)) };
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, d: KubeObject): boolean {
  const { desired, max } = replicasAnnotations(d);
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== desired || a[MAX_REPLICAS] !== max;
}

export function setReplicasAnnotations(rs: KubeObject, d: KubeObject): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, d)) return false;
  const { desired, max } = replicasAnnotations(d);
  rs.metadata.annotations = {
    ...(rs.metadata.annotations ?? {}),
    [DESIRED_REPLICAS]: desired,
    [MAX_REPLICAS]: max,
  };
  return true;
}

/**
 * Brings the new RS's annotations up to date: copied deployment annotations, the new revision
 * (its old number appended to revision-history when it is reused) and, for a RS being created,
 * the replicas annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const oldRevision = a[REVISION];
  const oldNum = oldRevision ? Number(oldRevision) || 0 : 0;
  if (oldNum < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision) {
      const history = a[REVISION_HISTORY] ? a[REVISION_HISTORY].split(',') : [];
      history.push(oldRevision);
      // Drop the oldest entries rather than exceed the size limit.
      while (history.length > 1 && history.join(',').length > MAX_REV_HISTORY_CHARS) history.shift();
      a[REVISION_HISTORY] = history.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, d)) changed = true;
  return changed;
}

/** Copies the new RS's revision to the deployment; true if it changed. */
export function setDeploymentRevision(d: KubeObject, revision: string | undefined): boolean {
  if (!revision || d.metadata.annotations?.[REVISION] === revision) return false;
  d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION]: revision };
  return true;
}
