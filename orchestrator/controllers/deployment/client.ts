// What one deployment sync works with: the registry (read directly, so every read is current and a
// sync runs without interleaving), the clock, the event recorder and the queue hooks; plus the
// writes the controller makes, each keeping the caller's copy of the deployment current.
import type { Registry } from '../../api/registry/registry.js';
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { nowRfc3339 } from '../../api/registry/meta.js';

export const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
export const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
export const PODS = findResource('', 'v1', 'pods')!;

export const FIELD_MANAGER = 'kube-controller-manager';

export interface SyncDeps {
  registry: Registry;
  clock: Clock;
  recorder: EventRecorder;
  /** Sync this deployment again after ms (progress deadline checks). */
  enqueueAfter(key: string, ms: number): void;
  enqueueRateLimited(key: string): void;
}

/** One sync of one deployment: d is replaced by every write to it. */
export interface SyncState {
  deps: SyncDeps;
  d: KubeObject;
}

export const keyOf = (o: KubeObject): string => `${o.metadata.namespace}/${o.metadata.name}`;
export const nowOf = (s: SyncState): string => nowRfc3339(new Date(s.deps.clock.now()));

export function updateRS(s: SyncState, rs: KubeObject): KubeObject {
  return s.deps.registry.update(REPLICASETS, rs.metadata.namespace!, rs.metadata.name!, rs, {
    fieldManager: FIELD_MANAGER,
  });
}

export function createRS(s: SyncState, rs: KubeObject): KubeObject {
  return s.deps.registry.create(REPLICASETS, rs.metadata.namespace!, rs, { fieldManager: FIELD_MANAGER });
}

export function deleteRS(s: SyncState, rs: KubeObject): void {
  s.deps.registry.delete(REPLICASETS, rs.metadata.namespace!, rs.metadata.name!, {
    preconditions: { uid: rs.metadata.uid },
  });
}

/** Metadata write (the revision annotation); upstream folds it into the status write. */
export function updateDeployment(s: SyncState): void {
  const d = s.d;
  s.d = s.deps.registry.update(DEPLOYMENTS, d.metadata.namespace!, d.metadata.name!, d, {
    fieldManager: FIELD_MANAGER,
  });
}

export function updateDeploymentStatus(s: SyncState, status: Record<string, any>): void {
  const d = s.d;
  s.d = s.deps.registry.update(
    DEPLOYMENTS,
    d.metadata.namespace!,
    d.metadata.name!,
    { ...d, status },
    { fieldManager: FIELD_MANAGER },
    'status',
  );
}

/** ReplicaSets in the deployment's namespace (ownership is sorted out by claim.ts). */
export function listReplicaSets(s: SyncState): KubeObject[] {
  return s.deps.registry.list(REPLICASETS, s.d.metadata.namespace).items;
}
