// Pod adoption and release for a ReplicaSet (upstream PodControllerRefManager.ClaimPods): the
// RS owns pods whose controller ownerReference points at it and that match its selector; matching
// orphans are adopted and owned pods that stopped matching are released.
import { StatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { getControllerOf, newControllerRef } from '../util/pod-util.js';
import { REPLICA_SET_KIND, type ControlledKind } from './kind.js';

const PODS = findResource('', 'v1', 'pods')!;
const FIELD_MANAGER = 'kube-controller-manager';

export function claimPods(
  registry: Registry,
  rs: KubeObject,
  pods: KubeObject[],
  matches: (pod: KubeObject) => boolean,
  kind: ControlledKind = REPLICA_SET_KIND,
): KubeObject[] {
  const uid = rs.metadata.uid;
  const claimed: KubeObject[] = [];
  let adoptionChecked: boolean | undefined;
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.uid !== uid) continue; // someone else's
      if (matches(pod)) claimed.push(pod);
      else if (!rs.metadata.deletionTimestamp) release(registry, pod, uid);
      continue;
    }
    if (!matches(pod) || rs.metadata.deletionTimestamp || pod.metadata.deletionTimestamp) continue;
    // Recheck against the live object once: never adopt for a ReplicaSet that is being deleted.
    adoptionChecked ??= canAdopt(registry, rs, kind);
    if (!adoptionChecked) continue;
    const adopted = adopt(registry, rs, pod, kind);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function canAdopt(registry: Registry, rs: KubeObject, kind: ControlledKind): boolean {
  const fresh = registry.tryGet(kind.resource, rs.metadata.namespace!, rs.metadata.name!);
  return !!fresh && fresh.metadata.uid === rs.metadata.uid && !fresh.metadata.deletionTimestamp;
}

function adopt(
  registry: Registry,
  rs: KubeObject,
  pod: KubeObject,
  kind: ControlledKind,
): KubeObject | undefined {
  const ref = newControllerRef(rs, kind.apiVersion, kind.kind);
  const patch = { metadata: { ownerReferences: [ref], uid: pod.metadata.uid } };
  try {
    return registry.patch(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
      'application/strategic-merge-patch+json',
      JSON.stringify(patch),
      { fieldManager: FIELD_MANAGER },
    ).obj;
  } catch (e) {
    if (e instanceof StatusError && (e.code === 404 || e.code === 409 || e.code === 422)) return undefined;
    throw e;
  }
}

function release(registry: Registry, pod: KubeObject, ownerUid: string): void {
  const others = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  // Removing the last reference drops the field (upstream never stores an empty list).
  const refs = others.length ? [{ $patch: 'delete', uid: ownerUid }] : null;
  const patch = { metadata: { ownerReferences: refs, uid: pod.metadata.uid } };
  try {
    registry.patch(
      PODS,
      pod.metadata.namespace!,
      pod.metadata.name!,
      'application/strategic-merge-patch+json',
      JSON.stringify(patch),
      { fieldManager: FIELD_MANAGER },
    );
  } catch (e) {
    if (e instanceof StatusError && (e.code === 404 || e.code === 409 || e.code === 422)) return;
    throw e;
  }
}
