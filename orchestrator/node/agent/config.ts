// The node agent's configuration: environment variables set by the cluster lifecycle. Its settings
// (KUBEDECK_SETTINGS) are the settings table's node rows, resolved by `kubedeck start`.
import { readFileSync } from 'node:fs';
import {
  NODE_HEARTBEAT_MS,
  SETTINGS,
  envSetting,
  parseDuration,
  parseGoDuration,
  valueAt,
  type NodeAgentSettings,
} from '../../config/settings.js';
import type { SettingRow } from '../../config/setting-row.js';

/** The table's node settings, plus capacity as the Node object writes it and the heartbeat. */
export type AgentSettings = Omit<NodeAgentSettings, 'nodeCapacity' | 'nodeHeartbeat'> & {
  capacity: { cpu: string; memory: string; pods: string };
  /** Lease renewal and node status heartbeat (upstream 10 s). */
  heartbeatMs: number;
};

export interface AgentConfig {
  apiUrl: string;
  nodeName: string;
  cluster: string;
  token: string;
  ca: string;
  podDir: string;
  network: string;
  pauseImage: string;
  settings: AgentSettings;
}

/** "10s", "5m", "1m30s", "250ms" or a number of milliseconds; anything else is the fallback. */
export function parseDurationMs(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const ms = typeof v === 'string' && v.trim() ? parseGoDuration(v.trim()) : undefined;
  return ms === undefined || ms < 0 ? fallback : ms;
}

/**
 * Capacity when KUBEDECK_SETTINGS has none (an agent started by hand): `kubedeck start` always sends
 * the computed fair share of the host (config/resolve.ts defaultNodeCapacity).
 */
const CAPACITY_FALLBACK: Record<string, string> = { 'nodeCapacity.cpu': '2', 'nodeCapacity.memory': '4Gi' };

/** One node row from the resolved form (ms) or the file form (`crashLoopBackOff.base: 10s`). */
function nodeValue(row: SettingRow, raw: unknown): unknown {
  const v = valueAt(raw, row.node as string) ?? valueAt(raw, row.key);
  const fallback = row.default ?? CAPACITY_FALLBACK[row.key];
  switch (row.type) {
    case 'duration':
      return parseDurationMs(v, parseDuration(fallback, row.key));
    case 'boolean':
      return typeof v === 'boolean' ? v : fallback;
    default:
      return v ?? fallback;
  }
}

export function parseSettings(json: string | undefined): AgentSettings {
  let raw: unknown = {};
  if (json) {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error('KUBEDECK_SETTINGS is not valid JSON');
    }
  }
  const node: Record<string, unknown> = {};
  for (const row of SETTINGS as readonly SettingRow[]) {
    if (!row.node) continue;
    const path = (row.node).split('.');
    let at = node;
    for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]] = nodeValue(row, raw);
  }
  const { nodeCapacity: cap, ...rest } = node as unknown as NodeAgentSettings;
  return {
    ...rest,
    capacity: { cpu: String(cap.cpu), memory: String(cap.memory), pods: String(cap.pods) },
    heartbeatMs: parseDurationMs(valueAt(raw, 'nodeHeartbeat'), NODE_HEARTBEAT_MS),
  };
}

function required(env: NodeJS.ProcessEnv, key: string): string {
  const v = env[key];
  if (!v)
    throw new Error(`${key} is not set: the node agent runs inside a node container started by kubedeck`);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  return {
    apiUrl: required(env, 'KUBEDECK_API_URL'),
    nodeName: required(env, 'KUBEDECK_NODE_NAME'),
    cluster: required(env, 'KUBEDECK_CLUSTER'),
    token: readFileSync(required(env, 'KUBEDECK_TOKEN_FILE'), 'utf8').trim(),
    ca: readFileSync(required(env, 'KUBEDECK_CA_FILE'), 'utf8'),
    podDir: required(env, 'KUBEDECK_POD_DIR'),
    network: required(env, 'KUBEDECK_NETWORK'),
    pauseImage: envSetting('pauseImage', env) as string,
    settings: parseSettings(env.KUBEDECK_SETTINGS),
  };
}
