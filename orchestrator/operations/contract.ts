// The typed operations API the UI sends (Electron IPC and the web dashboard serve the same one).
// Everything here is plain JSON so it crosses IPC and HTTP unchanged; no Node or Electron types.

/** Single-quotes a shell word when it needs it (the kubectl equivalents shown to people). */
export const shellQuote = (s: string) => (/^[\w.,:/=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** ` --name NAME` for a kubedeck command; '' for the default cluster (named `kubedeck`) or no name. */
export const nameFlag = (name: string): string => (name && name !== 'kubedeck' ? ` --name ${name}` : '');

/**
 * Go's time.Duration text ("10s", "1m30s", "1.5h", "500ms", "0"), the form every duration takes on
 * the wire and in settings files, → milliseconds (fractional below 1 ms); undefined if it is not one.
 * The one parser of the project (config/duration.ts adds field errors); it lives here because the
 * renderer needs it too and may import nothing but this contract.
 */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)(.*)$/.exec(text) as RegExpExecArray;
  if (m[2] === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  while (at < m[2].length) {
    re.lastIndex = at;
    const part = re.exec(m[2]);
    if (!part) return undefined;
    ms += Number(part[1]) * GO_UNIT_MS[part[2]];
    at = re.lastIndex;
  }
  if (at === 0) return undefined;
  return m[1] === '-' ? -ms : ms;
}

/** Milliseconds per unit of Go's duration text. */
export const GO_UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ns: 1e-6,
};

/** Go's time.Duration.String() of a number of milliseconds: "0s", "500ms", "1.5s", "5m0s", "1h30m0s". */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(Math.abs(ms) * 1e6);
  const sign = ms < 0 && ns > 0 ? '-' : '';
  const frac = (n: number, digits: number) => {
    const whole = Math.floor(n / 10 ** digits);
    const rest = String(n % 10 ** digits).padStart(digits, '0').replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${frac(ns, 3)}µs`;
  if (ns < 1e9) return `${sign}${frac(ns, 6)}ms`;
  const h = Math.floor(ns / 3.6e12);
  ns -= h * 3.6e12;
  const m = Math.floor(ns / 6e10);
  ns -= m * 6e10;
  const s = `${frac(ns, 9)}s`;
  return sign + (h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s);
}

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
/** `kubectl diff`: per object, the live and the would-be (server dry-run) YAML, bookkeeping stripped. */
export type DiffState = 'new' | 'unchanged' | 'changed';
export interface DiffObject {
  kind: string;
  name: string;
  namespace?: string;
  state: DiffState;
  /** '' when the object does not exist yet. */
  live: string;
  merged: string;
}
export interface DiffResult extends OpResult {
  /** Something would change (kubectl diff's exit status 1). */
  changed: boolean;
  objects: DiffObject[];
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
  /** Recorded as kubernetes.io/change-cause (what `kubectl rollout history` lists for the revision). */
  changeCause?: string;
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
/** `kubedeck node add [--cpus N] [--memory Q]`: capacity defaults to the cluster's settings. */
export interface AddNodeParams {
  cpus?: string;
  memory?: string;
}
export interface AddNodeResult extends OpResult {
  node: string;
  /** The steps it went through (image, container, Ready), as the CLI prints them. */
  steps: string[];
}
/** `kubectl drain NAME --ignore-daemonsets --delete-emptydir-data [--force] [--dry-run=client]`. */
export interface DrainParams {
  name: string;
  /** Also evict pods that declare no controller (they are not recreated elsewhere). */
  force?: boolean;
  /** Only classify the pods (what the confirm dialog lists); nothing is cordoned or evicted. */
  dryRun?: boolean;
  /** How long to wait for evicted pods to terminate (default 120 s). */
  timeoutSeconds?: number;
}
/** evicted: gone; terminating: evicted, still shutting down at the timeout; skipped: DaemonSet/mirror. */
export type DrainOutcome = 'evict' | 'evicted' | 'terminating' | 'skipped' | 'blocked' | 'failed';
export interface DrainPod {
  namespace: string;
  name: string;
  outcome: DrainOutcome;
  /** Why it is skipped or blocked, or the eviction's error. */
  reason?: string;
}
export interface DrainResult extends OpResult {
  /** False when a blocked pod stopped the drain (nothing was evicted) or an eviction failed. */
  drained: boolean;
  pods: DrainPod[];
}
/** A node's resources: cpu in cores, memory in bytes; usage from metrics.k8s.io when served. */
export interface NodeResources {
  cpu: number;
  memory: number;
  pods?: number;
}
export interface NodeUsageResult extends OpResult {
  capacity: NodeResources;
  allocatable: NodeResources;
  /** Summed requests of the pods holding resources on the node (kubectl describe: Allocated). */
  requests: NodeResources;
  /** Absent until the metrics collector has a sample for the node. */
  usage?: NodeResources & { timestamp: string; window: string };
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
  diffManifest: (params: { yaml: string; namespace?: string }) => Promise<DiffResult>;
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
  clusterInfo: (params: Record<string, never>) => Promise<ClusterInfo>;
  dockerStatus: (params: Record<string, never>) => Promise<DockerStatus>;
  saveClusterSettings: (params: SaveClusterSettingsParams) => Promise<SaveClusterSettingsResult>;
  stopCluster: (params: Record<string, never>) => Promise<LifecycleResult>;
  restartCluster: (params: Record<string, never>) => Promise<LifecycleResult>;
  /** Delete and start again with the saved settings and API port: every object is gone. */
  resetCluster: (params: { confirm: string }) => Promise<LifecycleResult>;
  addNode: (params: AddNodeParams) => Promise<AddNodeResult>;
  removeNode: (params: { name: string }) => Promise<OpResult>;
  drainNode: (params: DrainParams) => Promise<DrainResult>;
  nodeUsage: (params: { name: string }) => Promise<NodeUsageResult>;
}
export type OperationName = keyof OperationsApi;
export const OPERATION_NAMES: OperationName[] = [
  'clusterStatus',
  'list',
  'getYaml',
  'applyYaml',
  'diffManifest',
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
  'clusterInfo',
  'dockerStatus',
  'saveClusterSettings',
  'stopCluster',
  'restartCluster',
  'resetCluster',
  'addNode',
  'removeNode',
  'drainNode',
  'nodeUsage',
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

/**
 * The cluster's settings as the `--config` file writes them (only what is set; see docs/settings.md).
 * A plain mapping here: the server checks it against its settings table (orchestrator/config/).
 */
export interface ClusterSettingsValues {
  [key: string]: string | number | boolean | ClusterSettingsValues | undefined;
}
/** How a setting's value is written (orchestrator/config/'s SettingType). */
export type SettingValueType = 'duration' | 'integer' | 'number' | 'boolean' | 'cpu' | 'memory' | 'cidr' | 'text';
/**
 * One setting in effect: its dotted key, the value used, the default (upstream's, or computed),
 * whether the file sets it, and how the Cluster screen shows it (a row of the settings table).
 */
export interface EffectiveSetting {
  key: string;
  value: string;
  default: string;
  set: boolean;
  type: SettingValueType;
  label: string;
  help: string;
  /** Form section; '' = above the sections. */
  group: string;
  unit?: string;
  min?: number;
  max?: number;
}
/** The Docker engine as the cluster sees it (`docker version`, `docker ps`). */
export interface DockerStatus {
  reachable: boolean;
  /** Why it is not reachable, and what to do. */
  error?: string;
  hint?: string;
  /** The engine neither answered nor refused in time (busy or starting): not known to be missing. */
  slow?: boolean;
  version?: string;
  apiVersion?: string;
  os?: string;
  arch?: string;
  operatingSystem?: string;
  /** Containers labelled kubedeck.cluster: this cluster's, and every cluster's (running / all). */
  containers?: { cluster: number; clusterRunning: number; all: number };
  /** The host's platform (linux, darwin, win32): what to install differs. */
  platform: string;
  command: string;
}
export interface ClusterInfo extends OpResult {
  name: string;
  state: 'running' | 'stopped';
  apiServer: string;
  version: string;
  pid?: number;
  startedAt?: string;
  stateDir: string;
  /** The saved settings file (`kubedeck start --config` form). */
  configFile: string;
  nodes: { configured: number; registered: number; ready: number };
  /** Saved settings (what the next start uses) and the node count saved with them. */
  settings: ClusterSettingsValues;
  /** Settings this control plane runs with, defaults filled in. */
  effective: EffectiveSetting[];
  /** Saved settings differ from the ones in effect: a restart applies them. */
  restartNeeded: boolean;
  docker: DockerStatus;
  /** Whether stop/restart/reset can run from here, and whether they end this page's connection. */
  lifecycle: { available: boolean; endsConnection: boolean };
  /** CLI equivalents per section. */
  commands: Record<'status' | 'nodes' | 'version' | 'settings' | 'docker' | 'containers', string>;
}
export interface SaveClusterSettingsParams {
  nodes: number;
  settings: ClusterSettingsValues;
}
export interface SaveClusterSettingsResult extends OpResult {
  file: string;
  restartNeeded: boolean;
}
export type LifecycleAction = 'stop' | 'restart' | 'reset';
export interface LifecycleResult extends OpResult {
  /** Steps done, or planned when the work continues after this answer (endsConnection). */
  steps: string[];
  /** The control plane serving this page stops: the page loses its connection. */
  endsConnection: boolean;
}
