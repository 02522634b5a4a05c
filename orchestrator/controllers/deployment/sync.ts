// Finding or creating the new ReplicaSet, scaling (incl. proportional scaling while a rollout is in
// flight), history cleanup and the status-only sync of paused deployments (upstream sync.go).
import { StatusError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import {
  createRS,
  deleteRS,
  nowOf,
  REPLICASETS,
  updateDeployment,
  updateDeploymentStatus,
  updateRS,
  type SyncState,
} from './client.js';
import {
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './rollback.js';
import { syncDeploymentStatus } from './status.js';
import {
  activeRSs,
  byCreation,
  byRevision,
  computeHash,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  intAnnotation,
  isRollingUpdate,
  isSaturated,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  newCondition,
  POD_TEMPLATE_HASH,
  REASON,
  replicasOf,
  REVISION,
  setCondition,
  specReplicas,
} from './util.js';
import { getControllerOf } from '../util/pod-util.js';

export interface RSSets {
  newRS: KubeObject | undefined;
  oldRSs: KubeObject[];
}

/** The new RS (created when asked and missing) and all old ones, with revisions brought up to date. */
export function getAllReplicaSetsAndSyncRevision(
  s: SyncState,
  rsList: KubeObject[],
  create: boolean,
): RSSets {
  const oldRSs = findOldReplicaSets(s.d, rsList);
  const newRS = getNewReplicaSet(s, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

/** Replicas the new RS should have now (upstream NewRSNewReplicas). */
export function newRSNewReplicas(
  d: KubeObject,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject,
): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = specReplicas(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

function getNewReplicaSet(
  s: SyncState,
  rsList: KubeObject[],
  oldRSs: KubeObject[],
  create: boolean,
): KubeObject | undefined {
  const existing = findNewReplicaSet(s.d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;

  if (existing) {
    let rs = structuredClone(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(s.d, rs, newRevision, true);
    const minReadyChanged = (rs.spec.minReadySeconds ?? 0) !== (s.d.spec.minReadySeconds ?? 0);
    if (annotationsChanged || minReadyChanged) {
      rs.spec.minReadySeconds = s.d.spec.minReadySeconds ?? 0;
      rs = updateRS(s, rs);
    }
    if (setDeploymentRevision(s.d, rs.metadata.annotations?.[REVISION])) updateDeployment(s);
    if (hasProgressDeadline(s.d) && !getCondition(s.d.status, 'Progressing')) {
      const st = structuredClone(s.d.status ?? {});
      setCondition(
        st,
        newCondition(
          'Progressing',
          'True',
          REASON.FoundNewRS,
          `Found new replica set "${rs.metadata.name}"`,
          nowOf(s),
        ),
      );
      updateDeploymentStatus(s, st);
    }
    return rs;
  }
  if (!create) return undefined;

  const d = s.d;
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = { ...(template.metadata ?? {}) };
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: d.metadata.name!,
          uid: d.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  body.spec.replicas = newRSNewReplicas(d, oldRSs, body);
  setNewReplicaSetAnnotations(d, body, newRevision, false);

  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = createRS(s, body);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (e.reason === 'AlreadyExists') {
      const rs = s.deps.registry.tryGet(REPLICASETS, d.metadata.namespace!, body.metadata.name!);
      const ref = rs && getControllerOf(rs);
      if (rs && ref?.uid === d.metadata.uid && equalIgnoreHash(rs.spec?.template, d.spec.template)) {
        created = rs;
        alreadyExisted = true;
      } else {
        // A different template hashed to the same name: bump collisionCount and try again.
        const st = structuredClone(d.status ?? {});
        st.collisionCount = (st.collisionCount ?? 0) + 1;
        updateDeploymentStatus(s, st);
        throw e;
      }
    } else {
      const msg = `Failed to create new replica set "${body.metadata.name}": ${e.message}`;
      if (hasProgressDeadline(d)) {
        const st = structuredClone(d.status ?? {});
        setCondition(st, newCondition('Progressing', 'False', REASON.FailedRSCreate, msg, nowOf(s)));
        updateDeploymentStatus(s, st);
      }
      s.deps.recorder.record(s.d, 'Warning', REASON.FailedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExisted && replicasOf(created) > 0) {
    s.deps.recorder.record(
      s.d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${created.metadata.name} to ${replicasOf(created)}`,
    );
  }
  if (setDeploymentRevision(s.d, String(newRevision))) updateDeployment(s);
  if (!alreadyExisted && hasProgressDeadline(s.d)) {
    const st = structuredClone(s.d.status ?? {});
    setCondition(
      st,
      newCondition(
        'Progressing',
        'True',
        REASON.NewRSCreated,
        `Created new replica set "${created.metadata.name}"`,
        nowOf(s),
      ),
    );
    updateDeploymentStatus(s, st);
  }
  return created;
}

// ---- scaling ----------------------------------------------------------------------------------

/**
 * Sets an RS's size and replicas annotations; records ScalingReplicaSet when the size changes.
 * Returns the updated RS.
 */
export function scaleReplicaSet(s: SyncState, rs: KubeObject, newScale: number): KubeObject {
  const oldScale = replicasOf(rs);
  const sizeChanged = oldScale !== newScale;
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, s.d)) return rs;
  const copy = structuredClone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, s.d);
  const updated = updateRS(s, copy);
  if (sizeChanged) {
    const op = oldScale < newScale ? 'up' : 'down';
    s.deps.recorder.record(
      s.d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${op} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`,
    );
  }
  return updated;
}

/** The only active RS, or the latest when none is active (upstream FindActiveOrLatest). */
function findActiveOrLatest(newRS: KubeObject | undefined, oldRSs: KubeObject[]): KubeObject | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeRSs([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** How many replicas this RS gains (or loses) in a proportional scale (upstream GetProportion). */
export function proportion(d: KubeObject, rs: KubeObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(d, rs);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(d: KubeObject, rs: KubeObject): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  if (!annotated) return 0;
  const size = (replicasOf(rs) * deploymentReplicas) / annotated;
  return Math.round(size) - replicasOf(rs);
}

/** Larger first; ties newer first (scaling up) or older first (scaling down). */
const bySize =
  (newerFirst: boolean) =>
  (a: KubeObject, b: KubeObject): number =>
    replicasOf(b) - replicasOf(a) || (newerFirst ? byCreation(b, a) : byCreation(a, b));

/**
 * Brings the total size in line with spec.replicas: a single active RS just takes the new size; with
 * several active RSs (mid-rollout) the difference is spread in proportion to their sizes.
 */
export function scale(s: SyncState, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
  const d = s.d;
  const target = findActiveOrLatest(newRS, oldRSs);
  if (target) {
    if (replicasOf(target) !== replicasOf(d)) scaleReplicaSet(s, target, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeRSs(oldRSs)) scaleReplicaSet(s, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeRSs([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  if (toAdd > 0) all.sort(bySize(true));
  else if (toAdd < 0) all.sort(bySize(false));
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(d, rs, toAdd, added) : 0;
    sizes.set(rs.metadata.uid!, replicasOf(rs) + p);
    added += p;
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs.metadata.uid!)!;
    // Rounding leftovers go to the largest RS.
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleReplicaSet(s, rs, size);
  });
}

/** True when an active RS was sized for a different spec.replicas: scale, do not roll. */
export function isScalingEvent(s: SyncState, rsList: KubeObject[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  for (const rs of activeRSs([newRS, ...oldRSs])) {
    const desired = intAnnotation(rs, DESIRED_REPLICAS);
    if (desired !== undefined && desired !== replicasOf(s.d)) return true;
  }
  return false;
}

/** Deletes the oldest surplus old RSs beyond revisionHistoryLimit (only empty, settled ones). */
export function cleanupDeployment(s: SyncState, oldRSs: KubeObject[]): void {
  if (!hasRevisionHistoryLimit(s.d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - s.d.spec.revisionHistoryLimit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
    )
      continue;
    try {
      deleteRS(s, rs);
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
    }
  }
}

/** Scaling and cleanup without rolling out (paused deployments and scaling events). */
export function syncScaleOnly(s: SyncState, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  scale(s, newRS, oldRSs);
  if (s.d.spec.paused) cleanupDeployment(s, refreshed(s, oldRSs));
  syncDeploymentStatus(s, refreshed(s, [...oldRSs, newRS]), newRS && refreshed(s, [newRS])[0]);
}

/** Current copies of RSs this sync may have written. */
export function refreshed(s: SyncState, rss: (KubeObject | undefined)[]): KubeObject[] {
  return rss
    .filter((r): r is KubeObject => !!r)
    .map((r) => s.deps.registry.tryGet(REPLICASETS, r.metadata.namespace!, r.metadata.name!))
    .filter((r): r is KubeObject => !!r);
}
