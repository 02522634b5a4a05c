// ReplicaSet status from its active pods (upstream replica_set_utils.go calculateStatus):
// counts, observedGeneration and the ReplicaFailure condition.
import { nowRfc3339 } from '../../api/registry/meta.js';
import type { KubeObject } from '../../api/types.js';
import { isPodAvailable, isPodReady } from '../util/pod-util.js';

export interface RSCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ManageError {
  /** FailedCreate or FailedDelete. */
  reason: string;
  message: string;
}

export function calculateStatus(
  rs: KubeObject,
  pods: KubeObject[],
  manageErr: ManageError | undefined,
  now: number,
): Record<string, any> {
  const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions: RSCondition[] = [...((rs.status?.conditions ?? []) as RSCondition[])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageErr && !failure) {
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: nowRfc3339(new Date(now)),
      reason: manageErr.reason,
      message: manageErr.message,
    });
  } else if (!manageErr && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: Record<string, any> = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** Whether the stored status already equals the computed one (skip the write). */
export function statusEqual(a: Record<string, any> | undefined, b: Record<string, any>): boolean {
  const norm = (s: Record<string, any> | undefined) => ({
    replicas: s?.replicas ?? 0,
    fullyLabeledReplicas: s?.fullyLabeledReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    observedGeneration: s?.observedGeneration,
    conditions: s?.conditions ?? [],
  });
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
