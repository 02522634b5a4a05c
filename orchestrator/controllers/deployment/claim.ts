// Which ReplicaSets belong to a deployment (upstream getReplicaSetsForDeployment with the
// ControllerRefManager): owned ones that still match, plus matching orphans, which are adopted;
// owned ones that stopped matching are released.
import type { KubeObject } from '../../api/types.js';
import { labelSelectorFromObject, matchLabels } from '../../api/selectors.js';
import { StatusError } from '../../api/errors.js';
import { getControllerOf } from '../util/pod-util.js';
import { FIELD_MANAGER, listReplicaSets, REPLICASETS, type SyncState } from './client.js';

export function selectsEverything(d: KubeObject): boolean {
  const sel = d.spec?.selector;
  return !!sel && !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
}

export function claimReplicaSets(s: SyncState): KubeObject[] {
  const d = s.d;
  const reqs = labelSelectorFromObject(d.spec?.selector);
  const mine: KubeObject[] = [];
  for (const rs of listReplicaSets(s)) {
    const ref = getControllerOf(rs);
    const matches = matchLabels(reqs, rs.metadata.labels);
    if (ref) {
      if (ref.uid !== d.metadata.uid) continue;
      if (matches) mine.push(rs);
      else if (!d.metadata.deletionTimestamp) release(s, rs);
      continue;
    }
    if (!matches || d.metadata.deletionTimestamp || rs.metadata.deletionTimestamp) continue;
    const adopted = adopt(s, rs);
    if (adopted) mine.push(adopted);
  }
  return mine;
}

function patchOwners(s: SyncState, rs: KubeObject, refs: unknown[]): KubeObject | undefined {
  const body = JSON.stringify({ metadata: { ownerReferences: refs } });
  try {
    return s.deps.registry.patch(
      REPLICASETS,
      rs.metadata.namespace!,
      rs.metadata.name!,
      'application/merge-patch+json',
      body,
      {
        fieldManager: FIELD_MANAGER,
      },
    ).obj;
  } catch (e) {
    // Gone meanwhile: nothing to claim.
    if (e instanceof StatusError && e.code === 404) return undefined;
    throw e;
  }
}

function adopt(s: SyncState, rs: KubeObject): KubeObject | undefined {
  const d = s.d;
  const ref = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: d.metadata.name,
    uid: d.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
  return patchOwners(s, rs, [...(rs.metadata.ownerReferences ?? []), ref]);
}

function release(s: SyncState, rs: KubeObject): void {
  patchOwners(
    s,
    rs,
    (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== s.d.metadata.uid),
  );
}
