// The Progressing condition and progressDeadlineSeconds (upstream progress.go): progress refreshes
// the condition, a rollout without progress past the deadline gets ProgressDeadlineExceeded, and a
// deployment still rolling out is synced again at its deadline (via the injectable clock).
import type { KubeObject } from '../../api/types.js';
import { keyOf, nowOf, updateDeploymentStatus, type SyncState } from './client.js';
import { calculateStatus, statusEqual } from './status.js';
import {
  type Condition,
  deploymentComplete,
  deploymentProgressing,
  getCondition,
  hasProgressDeadline,
  newCondition,
  REASON,
  removeCondition,
  setCondition,
} from './util.js';

/** Past lastUpdateTime + progressDeadlineSeconds of the Progressing condition (upstream DeploymentTimedOut). */
export function deploymentTimedOut(d: KubeObject, st: Record<string, any>, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(st, 'Progressing');
  if (!c || c.reason === REASON.NewRSAvailable) return false;
  if (c.reason === REASON.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + d.spec.progressDeadlineSeconds * 1000 < now;
}

/** ReplicaFailure conditions of the new RS, else of the old ones, as deployment conditions. */
function replicaFailures(allRSs: (KubeObject | undefined)[], newRS: KubeObject | undefined): Condition[] {
  const convert = (rs: KubeObject | undefined): Condition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c: Condition) => c.type === 'ReplicaFailure')
      .map((c: Condition) => ({
        type: 'ReplicaFailure',
        status: c.status,
        lastUpdateTime: c.lastTransitionTime,
        lastTransitionTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }));
  const fromNew = convert(newRS);
  if (fromNew.length) return fromNew;
  return allRSs.filter((r) => r && r !== newRS).flatMap(convert);
}

/** Status of a rolling-out deployment including Progressing and ReplicaFailure (upstream syncRolloutStatus). */
export function syncRolloutStatus(
  s: SyncState,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): void {
  const d = s.d;
  const st = calculateStatus(s, allRSs, newRS);
  if (!hasProgressDeadline(d)) removeCondition(st, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete =
    (st.replicas ?? 0) === (st.updatedReplicas ?? 0) && current?.reason === REASON.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const now = nowOf(s);
    const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, st)) {
      setCondition(
        st,
        newCondition(
          'Progressing',
          'True',
          REASON.NewRSAvailable,
          `${what} has successfully progressed.`,
          now,
        ),
      );
    } else if (deploymentProgressing(d, st)) {
      const c = newCondition('Progressing', 'True', REASON.RSUpdated, `${what} is progressing.`, now);
      // Progress moves lastUpdateTime (the deadline's start) but not the transition time.
      if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
      removeCondition(st, 'Progressing');
      setCondition(st, c);
    } else if (deploymentTimedOut(d, st, s.deps.clock.now())) {
      setCondition(
        st,
        newCondition('Progressing', 'False', REASON.TimedOut, `${what} has timed out progressing.`, now),
      );
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(st, failures[0]);
  else removeCondition(st, 'ReplicaFailure');

  if (statusEqual(d.status, st)) {
    requeueStuckDeployment(s, st);
    return;
  }
  updateDeploymentStatus(s, st);
}

/**
 * A rollout that stopped moving is checked again when its deadline passes, so it is marked
 * timed out even without any further event. Returns the delay used (-1 when none).
 */
export function requeueStuckDeployment(s: SyncState, st: Record<string, any>): number {
  const d = s.d;
  const c = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !c) return -1;
  if (deploymentComplete(d, st) || c.reason === REASON.TimedOut) return -1;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return -1;
  const after = from + d.spec.progressDeadlineSeconds * 1000 - s.deps.clock.now();
  if (after < 1000) {
    s.deps.enqueueRateLimited(keyOf(d));
    return 0;
  }
  s.deps.enqueueAfter(keyOf(d), after);
  return after;
}

/** Paused/resumed shown as Progressing Unknown; a timed-out condition is never overwritten. */
export function checkPausedConditions(s: SyncState): void {
  const d = s.d;
  if (!hasProgressDeadline(d)) return;
  const c = getCondition(d.status, 'Progressing');
  if (c?.reason === REASON.TimedOut) return;
  const pausedShown = c?.reason === REASON.Paused;
  const st = structuredClone(d.status ?? {});
  if (d.spec.paused && !pausedShown) {
    setCondition(st, newCondition('Progressing', 'Unknown', REASON.Paused, 'Deployment is paused', nowOf(s)));
  } else if (!d.spec.paused && pausedShown) {
    setCondition(
      st,
      newCondition('Progressing', 'Unknown', REASON.Resumed, 'Deployment is resumed', nowOf(s)),
    );
  } else return;
  updateDeploymentStatus(s, st);
}
