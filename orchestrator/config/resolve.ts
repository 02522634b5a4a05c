// Resolution: default ← config file ← environment (where a row has one) ← `kubedeck start` flag.
// Produces what each reader gets: the controllers' ControllerSettings, a node agent's
// KUBEDECK_SETTINGS, an environment-only value. Durations resolve to ms.
import os from 'node:os';
import { parseDuration } from './duration.js';
import type { SettingRow } from './setting-row.js';
import {
  SETTINGS,
  settingRow,
  type ClusterSettings,
  type ControllerSettings,
  type NodeAgentSettings,
  type SettingKey,
} from './settings-table.js';

const ROWS: readonly SettingRow[] = SETTINGS;

/** Upstream's node status/Lease heartbeat (kubelet nodeStatusUpdateFrequency, 10 s). */
export const NODE_HEARTBEAT_MS = 10_000;

/** A row's default in its file form (undefined when computed, e.g. node capacity). */
export function settingDefault(key: SettingKey): string | number | boolean | undefined {
  return settingRow(key).default;
}

/** Most worker nodes a cluster may have (the config file's `nodes`, the dashboard's form). */
export const MAX_NODES = settingRow('nodes').max as number;

/** A file-form value → what readers get: durations in ms, everything else as is. */
function resolved(row: SettingRow, v: unknown): unknown {
  return row.type === 'duration' ? parseDuration(v, row.key) : v;
}

/** The value at a dotted path of a nested mapping. */
export function valueAt(o: unknown, key: string): unknown {
  let v = o;
  for (const k of key.split('.')) v = v == null ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

function setAt(o: Record<string, unknown>, key: string, v: unknown): void {
  const path = key.split('.');
  let at = o;
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[path[path.length - 1]] = v;
}

/**
 * The one precedence rule: a flag beats the environment, which beats the config file, which beats
 * what the cluster saved last time, which beats the default. Only sources a row has are passed.
 */
export function pickSetting<T>(
  key: SettingKey,
  sources: { flag?: T; env?: NodeJS.ProcessEnv; file?: T; saved?: T },
): T {
  const fromEnv = sources.env ? (envValue(key, sources.env) as T | undefined) : undefined;
  return (sources.flag ?? fromEnv ?? sources.file ?? sources.saved ?? settingDefault(key)) as T;
}

/**
 * An environment-only row's value from `env`, undefined when unset or unusable (then the default
 * applies: environment settings never fail a start). Durations in ms, below the row's min ignored.
 */
export function envValue(key: SettingKey, env: NodeJS.ProcessEnv = process.env): string | number | undefined {
  const row = settingRow(key);
  const raw = row.env ? env[row.env]?.trim() : undefined;
  if (!raw) return undefined;
  if (row.type === 'duration') {
    try {
      const ms = parseDuration(raw, row.env as string);
      return row.min !== undefined && ms < row.min ? undefined : ms;
    } catch {
      return undefined;
    }
  }
  if (row.values && !row.values.includes(raw)) return undefined;
  return raw;
}

/** envValue, else the row's default (durations in ms). */
export function envSetting(key: SettingKey, env: NodeJS.ProcessEnv = process.env): string | number {
  const row = settingRow(key);
  return envValue(key, env) ?? (resolved(row, row.default) as string | number);
}

export function resolveControllerSettings(s: ClusterSettings = {}): ControllerSettings {
  const out: Record<string, unknown> = {};
  for (const row of ROWS) {
    if (row.controller) setAt(out, row.controller, resolved(row, valueAt(s, row.key) ?? row.default));
  }
  return out as ControllerSettings;
}

export interface HostResources {
  cpus: number;
  memoryBytes: number;
}

export function hostResources(): HostResources {
  return { cpus: os.availableParallelism?.() ?? os.cpus().length, memoryBytes: os.totalmem() };
}

/**
 * Default capacity: a fair share of the host. All nodes share one machine, so each reports
 * host CPUs / nodes (in millicores, at least 100m) and host memory / nodes (in Ki); then the sum of
 * what the scheduler may place equals what the host has. Pods: upstream's 110.
 */
export function defaultNodeCapacity(nodes: number, host: HostResources = hostResources()) {
  const n = Math.max(1, nodes);
  const milli = Math.max(100, Math.floor((host.cpus * 1000) / n));
  const cpu = milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  const memory = `${Math.max(1, Math.floor(host.memoryBytes / n / 1024))}Ki`;
  return { cpu, memory, pods: settingDefault('nodeCapacity.pods') as number };
}

/** Defaults that depend on the cluster (rows without a fixed default), by key. */
export function computedDefaults(
  nodes: number,
  host: HostResources = hostResources(),
): Record<string, unknown> {
  const cap = defaultNodeCapacity(nodes, host);
  return { 'nodeCapacity.cpu': cap.cpu, 'nodeCapacity.memory': cap.memory };
}

/** What every node agent of the cluster receives: each unset value filled with its default. */
export function resolveSettings(
  s: ClusterSettings = {},
  nodes: number,
  host: HostResources = hostResources(),
): NodeAgentSettings {
  const computed = computedDefaults(nodes, host);
  const grace = resolveControllerSettings(s).nodeMonitorGracePeriodMs;
  const heartbeat = Math.max(250, Math.floor(grace / 4));
  const out: Record<string, unknown> = heartbeat < NODE_HEARTBEAT_MS ? { nodeHeartbeat: heartbeat } : {};
  for (const row of ROWS) {
    if (row.node)
      setAt(out, row.node, resolved(row, valueAt(s, row.key) ?? row.default ?? computed[row.key]));
  }
  return out as NodeAgentSettings;
}
