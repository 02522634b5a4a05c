// What a ReplicaSet-style controller manages. The ReplicaSet controller runs on apps/v1
// ReplicaSets as they are; the ReplicationController controller reuses it with an adapter that
// shows each RC as a ReplicaSet (upstream wraps its RS controller the same way).
import { findResource } from '../../api/resources.js';
import type { KubeObject, ResourceInfo } from '../../api/types.js';

export interface ControlledKind {
  /** The resource watched and whose /status is written. */
  resource: ResourceInfo;
  /** Owner reference written on pods. */
  apiVersion: string;
  kind: string;
  /** Event source component and log prefix. */
  component: string;
  logName: string;
  /**
   * The object as the controller reads it: spec.selector a LabelSelector, the rest as in a
   * ReplicaSet. TypeMeta and metadata must stay the object's own (events and status use them).
   */
  asReplicaSet(obj: KubeObject): KubeObject;
}

export const REPLICA_SET_KIND: ControlledKind = {
  resource: findResource('apps', 'v1', 'replicasets')!,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  logName: 'replicaset',
  asReplicaSet: (obj) => obj,
};
