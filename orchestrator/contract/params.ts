// Parameters and results of the operations on objects and nodes.
import type { ObjectRef, OpResult } from './objects.js';

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
