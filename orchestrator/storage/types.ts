// The contract of the versioned object store (implemented in store.ts).
import type { KubeObject } from '../api/types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** Store revision of this change (also written to obj.metadata.resourceVersion). */
  rev: number;
  /** e.g. 'apps/deployments' (ResourceInfo.storage). */
  storage: string;
  namespace: string; // '' for cluster-scoped
  name: string;
  /** The object after the change; for DELETED the last state, with resourceVersion = rev. */
  obj: KubeObject;
  /** The object before the change (MODIFIED/DELETED). */
  prev?: KubeObject;
}

export interface WatchHandle {
  stop(): void;
}
