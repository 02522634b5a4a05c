// The objects the UI lists and the result every operation carries.

/** Resource kinds the UI lists and watches, by their plural API name. */
export const UI_KINDS = [
  'namespaces',
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'services',
  'endpoints',
  'configmaps',
  'secrets',
  'events',
  'horizontalpodautoscalers',
] as const;
export type UiKind = (typeof UI_KINDS)[number];

/** A Kubernetes object as JSON (shape checked by the server, not by TS). */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** Every mutating or reading operation says what the user would type instead. */
export interface OpResult {
  kubectl: string;
  message: string;
}

export interface ObjectRef {
  kind: UiKind;
  namespace?: string;
  name: string;
}

export interface ClusterStatus {
  name: string;
  version: string;
  nodes: { name: string; ready: boolean; controlPlane: boolean }[];
}
