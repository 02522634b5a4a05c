// The typed operations API the UI sends (Electron IPC and the web dashboard serve the same one).
// Everything here is plain JSON so it crosses IPC and HTTP unchanged; no Node or Electron types.

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

export type ApplyAction = 'created' | 'configured' | 'unchanged';
export interface ApplyObjectResult {
  kind: string;
  name: string;
  namespace?: string;
  action: ApplyAction;
}
export interface ApplyError {
  /** 1-based line in the submitted text, and the document it belongs to (0-based). */
  line: number;
  column: number;
  document: number;
  message: string;
}
export interface ApplyResult extends OpResult {
  dryRun: boolean;
  results: ApplyObjectResult[];
  errors: ApplyError[];
}

export interface CreateDeploymentParams {
  namespace: string;
  name: string;
  image: string;
  replicas?: number;
  port?: number;
  /** Replaces the image's entrypoint (`kubectl create deployment … -- CMD ARGS`). */
  command?: string[];
}
export interface ScaleParams {
  namespace: string;
  name: string;
  replicas: number;
}
export interface SetImageParams {
  namespace: string;
  name: string;
  container: string;
  image: string;
}
export type Cascade = 'background' | 'foreground' | 'orphan';
export interface DeleteParams extends ObjectRef {
  cascade?: Cascade;
}
export interface RolloutParams {
  namespace: string;
  name: string;
  toRevision?: number;
}
export interface RolloutRevision {
  revision: number;
  /** The ReplicaSet's kubernetes.io/change-cause annotation ('' when unset: kubectl shows <none>). */
  changeCause: string;
  replicaSet: string;
  images: string[];
  replicas: number;
  current: boolean;
  /** The revision's pod template as YAML, without pod-template-hash (for diffs). */
  template: string;
}
export interface RolloutHistory extends OpResult {
  /** Newest first. */
  revisions: RolloutRevision[];
}
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';
export interface ExposeParams {
  namespace: string;
  deployment: string;
  type?: ServiceType;
  port: number;
  targetPort?: number;
  /** Service name; defaults to the deployment's. */
  name?: string;
}
export type NodeAction = 'stop' | 'start' | 'partition' | 'heal' | 'cordon' | 'uncordon';
export interface NodeActionParams {
  node: string;
  action: NodeAction;
}
export interface LogParams {
  namespace: string;
  pod: string;
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
}

/** Request/response operations: `call(name, params)` in every shell. */
export interface OperationsApi {
  clusterStatus: (params: Record<string, never>) => Promise<ClusterStatus>;
  list: (params: {
    kind: UiKind;
    namespace?: string;
  }) => Promise<{ items: KObject[]; resourceVersion: string }>;
  getYaml: (params: ObjectRef) => Promise<OpResult & { yaml: string }>;
  applyYaml: (params: { yaml: string; namespace?: string; dryRun?: boolean }) => Promise<ApplyResult>;
  createDeployment: (params: CreateDeploymentParams) => Promise<OpResult>;
  scale: (params: ScaleParams) => Promise<OpResult>;
  setImage: (params: SetImageParams) => Promise<OpResult>;
  delete: (params: DeleteParams) => Promise<OpResult>;
  rolloutUndo: (params: RolloutParams) => Promise<OpResult>;
  rolloutRestart: (params: RolloutParams) => Promise<OpResult>;
  rolloutHistory: (params: RolloutParams) => Promise<RolloutHistory>;
  rolloutPause: (params: RolloutParams) => Promise<OpResult>;
  rolloutResume: (params: RolloutParams) => Promise<OpResult>;
  expose: (params: ExposeParams) => Promise<OpResult>;
  nodeAction: (params: NodeActionParams) => Promise<OpResult>;
}
export type OperationName = keyof OperationsApi;
export const OPERATION_NAMES: OperationName[] = [
  'clusterStatus',
  'list',
  'getYaml',
  'applyYaml',
  'createDeployment',
  'scale',
  'setImage',
  'delete',
  'rolloutUndo',
  'rolloutRestart',
  'rolloutHistory',
  'rolloutPause',
  'rolloutResume',
  'expose',
  'nodeAction',
];
export type OpParams<K extends OperationName> = Parameters<OperationsApi[K]>[0];
export type OpReturn<K extends OperationName> = Awaited<ReturnType<OperationsApi[K]>>;

/** One change seen by a watch. Objects carry their resourceVersion; consumers drop stale ones. */
export interface WatchChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KObject;
}

/** Server → client watch messages (WebSocket in the web shell, IPC events in Electron). */
export type WatchMessage =
  | { id: string; type: 'sync'; items: KObject[]; resourceVersion: string }
  | { id: string; type: 'events'; events: WatchChange[] }
  | { id: string; type: 'error'; message: string };

/** Client → server watch requests. */
export type WatchRequest =
  { op: 'watch'; id: string; kind: UiKind; namespace?: string } | { op: 'unwatch'; id: string };

/** A failure as the UI shows it: Kubernetes Status fields that matter to a person. */
export interface OpError {
  code: number;
  reason: string;
  message: string;
  causes?: { field?: string; message?: string }[];
}
