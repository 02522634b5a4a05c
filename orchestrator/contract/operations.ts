// The operations API the UI sends: Electron IPC and the web dashboard serve the same one.
import type {
  AddNodeResult,
  AddNodeParams,
  ApplyResult,
  CreateDeploymentParams,
  DeleteParams,
  DiffResult,
  DrainParams,
  DrainResult,
  ExposeParams,
  NodeActionParams,
  NodeUsageResult,
  RolloutHistory,
  RolloutParams,
  ScaleParams,
  SetImageParams,
} from './params.js';
import type {
  ClusterInfo,
  DockerStatus,
  LifecycleResult,
  SaveClusterSettingsParams,
  SaveClusterSettingsResult,
} from './cluster.js';
import type { ClusterStatus, KObject, ObjectRef, OpResult, UiKind } from './objects.js';

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

/**
 * Every operation once, checked against OperationsApi by the compiler: a missing name or one the
 * API does not have is a type error (the servers route by this list, so it cannot drift).
 */
const OPERATIONS = {
  clusterStatus: true,
  list: true,
  getYaml: true,
  applyYaml: true,
  diffManifest: true,
  createDeployment: true,
  scale: true,
  setImage: true,
  delete: true,
  rolloutUndo: true,
  rolloutRestart: true,
  rolloutHistory: true,
  rolloutPause: true,
  rolloutResume: true,
  expose: true,
  nodeAction: true,
  clusterInfo: true,
  dockerStatus: true,
  saveClusterSettings: true,
  stopCluster: true,
  restartCluster: true,
  resetCluster: true,
  addNode: true,
  removeNode: true,
  drainNode: true,
  nodeUsage: true,
} as const satisfies Record<OperationName, true>;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as readonly OperationName[];

/** Whether a name from the wire (an HTTP path, an IPC argument) is an operation. */
export const isOperationName = (name: unknown): name is OperationName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(OPERATIONS, name);

export type OpParams<K extends OperationName> = Parameters<OperationsApi[K]>[0];
export type OpReturn<K extends OperationName> = Awaited<ReturnType<OperationsApi[K]>>;
