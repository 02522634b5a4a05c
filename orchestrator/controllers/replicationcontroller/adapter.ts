// A ReplicationController seen as a ReplicaSet (upstream replication/conversion.go): the only
// difference the ReplicaSet logic sees is the selector, a plain label map here.
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { ControlledKind } from '../replicaset/kind.js';

/** spec.selector {a: b} becomes {matchLabels: {a: b}}; an empty map selects nothing, as upstream. */
export function replicationControllerAsReplicaSet(rc: KubeObject): KubeObject {
  const sel = rc.spec?.selector;
  const matchLabels = sel && typeof sel === 'object' && !Array.isArray(sel) ? { ...sel } : {};
  return { ...rc, spec: { ...(rc.spec ?? {}), selector: { matchLabels } } };
}

export const REPLICATION_CONTROLLER_KIND: ControlledKind = {
  resource: findResource('', 'v1', 'replicationcontrollers')!,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  component: 'replication-controller',
  logName: 'replicationcontroller',
  asReplicaSet: replicationControllerAsReplicaSet,
};
