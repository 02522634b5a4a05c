// The Cluster screen: settings, Docker status and lifecycle.
import type { OpResult } from './objects.js';

/**
 * The cluster's settings as the `--config` file writes them (only what is set; see docs/settings.md).
 * A plain mapping here: the server checks it against its settings table (orchestrator/config/).
 */
export interface ClusterSettingsValues {
  [key: string]: string | number | boolean | ClusterSettingsValues | undefined;
}
/** How a setting's value is written (orchestrator/config/'s SettingType). */
export type SettingValueType =
  'duration' | 'integer' | 'number' | 'boolean' | 'cpu' | 'memory' | 'cidr' | 'text';
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
