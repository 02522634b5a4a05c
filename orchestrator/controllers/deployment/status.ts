// Deployment status from its ReplicaSets (upstream calculateStatus / syncDeploymentStatus).
import { jsonEqual } from '../../api/registry/meta.js';
import type { KubeObject } from '../../api/types.js';
import { nowOf, updateDeploymentStatus, type SyncState } from './client.js';
import {
  actualReplicas,
  availableReplicas,
  type Condition,
  maxUnavailable,
  newCondition,
  omitZeros,
  readyReplicas,
  REASON,
  replicasOf,
  setCondition,
  specReplicas,
} from './util.js';

export function calculateStatus(
  s: SyncState,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): Record<string, any> {
  const d = s.d;
  const available = availableReplicas(allRSs);
  const st: Record<string, any> = {
    ...omitZeros({
      observedGeneration: d.metadata.generation,
      replicas: actualReplicas(allRSs),
      updatedReplicas: actualReplicas([newRS]),
      readyReplicas: readyReplicas(allRSs),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
    }),
  };
  // collisionCount is a pointer upstream: once set, 0 is shown too.
  if (d.status?.collisionCount !== undefined) st.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) st.conditions = d.status.conditions.map((c: Condition) => ({ ...c }));
  const now = nowOf(s);
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      st,
      newCondition(
        'Available',
        'True',
        REASON.MinimumReplicasAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      st,
      newCondition(
        'Available',
        'False',
        REASON.MinimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return st;
}

export const statusEqual = (a: unknown, b: unknown): boolean => jsonEqual(a ?? {}, b ?? {});

/** Writes the calculated status when it differs (paused deployments and scaling events). */
export function syncDeploymentStatus(
  s: SyncState,
  allRSs: (KubeObject | undefined)[],
  newRS: KubeObject | undefined,
): void {
  const st = calculateStatus(s, allRSs, newRS);
  if (statusEqual(s.d.status, st)) return;
  updateDeploymentStatus(s, st);
}
