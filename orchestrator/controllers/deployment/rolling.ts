// RollingUpdate (upstream rolling.go): one step per sync — grow the new RS within maxSurge, else
// shrink old RSs within maxUnavailable (unhealthy replicas first, oldest RS first) — then status.
import type { KubeObject } from '../../api/types.js';
import type { SyncState } from './client.js';
import { syncRolloutStatus } from './progress.js';
import {
  cleanupDeployment,
  getAllReplicaSetsAndSyncRevision,
  newRSNewReplicas,
  refreshed,
  scaleReplicaSet,
} from './sync.js';
import {
  activeRSs,
  availableReplicas,
  byCreation,
  deploymentComplete,
  maxUnavailable,
  replicasOf,
  specReplicas,
} from './util.js';

export function rolloutRolling(s: SyncState, rsList: KubeObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true);
  const all = [...oldRSs, newRS!];
  if (reconcileNewReplicaSet(s, all, newRS!)) {
    syncRolloutStatus(s, refreshed(s, all), refreshed(s, [newRS])[0]);
    return;
  }
  if (reconcileOldReplicaSets(s, all, activeRSs(oldRSs), newRS!)) {
    syncRolloutStatus(s, refreshed(s, all), newRS);
    return;
  }
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, refreshed(s, all), newRS);
}

/** Scales the new RS toward spec.replicas within maxSurge (down if above); true if it changed. */
export function reconcileNewReplicaSet(s: SyncState, all: KubeObject[], newRS: KubeObject): boolean {
  const want = replicasOf(s.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) {
    scaleReplicaSet(s, newRS, want);
    return true;
  }
  const n = newRSNewReplicas(s.d, all, newRS);
  if (n === replicasOf(newRS)) return false;
  scaleReplicaSet(s, newRS, n);
  return true;
}

/**
 * Scales old RSs down as far as maxUnavailable allows, counting the new RS's unavailable replicas
 * against the budget; true if anything was scaled.
 */
export function reconcileOldReplicaSets(
  s: SyncState,
  all: KubeObject[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
): boolean {
  if (specReplicas(oldRSs) === 0) return false;
  const allPods = specReplicas(all);
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { rss: cleaned, count: cleanedUp } = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned, newRS], cleaned);
  return cleanedUp + scaledDown > 0;
}

/** Removes old replicas that are not available (they serve nobody), oldest RS first. */
export function cleanupUnhealthyReplicas(
  s: SyncState,
  oldRSs: KubeObject[],
  maxCleanup: number,
): { rss: KubeObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  const out: KubeObject[] = [];
  for (const rs of sorted) {
    const spec = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (total >= maxCleanup || spec === 0 || spec === available) {
      out.push(rs);
      continue;
    }
    const down = Math.min(maxCleanup - total, spec - available);
    out.push(scaleReplicaSet(s, rs, spec - down));
    total += down;
  }
  return { rss: out, count: total };
}

/** Scales old RSs down by (available − minAvailable), oldest first; returns how many. */
export function scaleDownOldReplicaSetsForRollingUpdate(
  s: SyncState,
  all: KubeObject[],
  oldRSs: KubeObject[],
): number {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const available = availableReplicas(all);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), budget - total);
    scaleReplicaSet(s, rs, replicasOf(rs) - down);
    total += down;
  }
  return total;
}
