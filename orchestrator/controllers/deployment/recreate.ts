// Recreate (upstream recreate.go): scale every old RS to 0, wait until no old pod is left running,
// then create/scale the new RS to full size at once.
import type { KubeObject } from '../../api/types.js';
import { PODS, type SyncState } from './client.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, refreshed, scaleReplicaSet } from './sync.js';
import { activeRSs, actualReplicas, deploymentComplete, replicasOf } from './util.js';
import { getControllerOf } from '../util/pod-util.js';

export function rolloutRecreate(s: SyncState, rsList: KubeObject[]): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  const active = activeRSs(oldRSs);
  let scaledDown = false;
  for (const rs of active) {
    scaleReplicaSet(s, rs, 0);
    scaledDown = true;
  }
  if (scaledDown) {
    syncRolloutStatus(s, refreshed(s, [...oldRSs, newRS]), newRS);
    return;
  }
  if (oldPodsRunning(s, newRS, oldRSs)) {
    syncRolloutStatus(s, refreshed(s, [...oldRSs, newRS]), newRS);
    return;
  }
  if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true));
  if (newRS && replicasOf(newRS) !== replicasOf(s.d)) scaleReplicaSet(s, newRS, replicasOf(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, refreshed(s, [...oldRSs, newRS]), newRS && refreshed(s, [newRS])[0]);
}

/** Any pod of an old RS that has not finished (upstream oldPodsRunning). */
export function oldPodsRunning(s: SyncState, newRS: KubeObject | undefined, oldRSs: KubeObject[]): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  const oldUids = new Set(oldRSs.map((r) => r.metadata.uid));
  const pods = s.deps.registry.list(PODS, s.d.metadata.namespace).items;
  return pods.some((p) => {
    const ref = getControllerOf(p);
    if (!ref || !oldUids.has(ref.uid) || ref.uid === newRS?.metadata.uid) return false;
    return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  });
}
