// `kubedeck start --config FILE`: a small YAML/JSON cluster description; flags override it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UserError } from './errors.js';
import { SettingsError, validateSettings, type ClusterSettings } from './settings.js';

export interface ClusterConfigFile {
  /** Worker node count. */
  nodes?: number;
  /** API server port to use on first start (default: a free port in a high range). */
  apiServerPort?: number;
  /** Subnet for the cluster network on first creation (default: Docker picks one). */
  networkSubnet?: string;
  /** Timings, local images first, node capacity (see settings.ts / docs/settings.md). */
  settings?: ClusterSettings;
}

/** Most worker nodes a cluster may have (the config file's `nodes`, the dashboard's form). */
export const MAX_NODES = 32;

/** The top-level keys of the settings part of the config file. */
export const SETTINGS_KEYS = [
  'crashLoopBackOff',
  'imagePullBackOff',
  'localImagesFirst',
  'nodeCapacity',
  'nodeMonitorGracePeriod',
  'nodeMonitorPeriod',
  'nodeStartupGracePeriod',
  'defaultTolerationSeconds',
  'horizontalPodAutoscaler',
];
const KNOWN_KEYS = new Set([
  'kind',
  'apiVersion',
  'nodes',
  'apiServerPort',
  'networkSubnet',
  ...SETTINGS_KEYS,
]);

export function loadConfigFile(file: string): ClusterConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'check the path',
    );
  }
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (err) {
    throw new UserError(`config file ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || Array.isArray(doc) || doc === null) {
    throw new UserError(`config file ${file} must be a mapping`, 'e.g. "nodes: 0"');
  }
  const raw = doc as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) {
    throw new UserError(
      `config file ${file}: unknown field(s) ${unknown.join(', ')}`,
      `known fields: ${[...KNOWN_KEYS].filter((k) => k !== 'kind' && k !== 'apiVersion').join(', ')}`,
    );
  }
  const out: ClusterConfigFile = {};
  if (raw.nodes !== undefined) out.nodes = intField(file, 'nodes', raw.nodes, 0, MAX_NODES);
  if (raw.apiServerPort !== undefined)
    out.apiServerPort = intField(file, 'apiServerPort', raw.apiServerPort, 1024, 65535);
  if (raw.networkSubnet !== undefined) {
    if (typeof raw.networkSubnet !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(raw.networkSubnet))
      throw new UserError(`config file ${file}: networkSubnet must be an IPv4 CIDR like 172.30.0.0/16`);
    out.networkSubnet = raw.networkSubnet;
  }
  if (SETTINGS_KEYS.some((k) => raw[k] !== undefined)) {
    try {
      out.settings = validateSettings(raw);
    } catch (err) {
      if (err instanceof SettingsError) throw new UserError(`config file ${file}: ${err.message}`);
      throw err;
    }
  }
  return out;
}

function intField(file: string, key: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new UserError(`config file ${file}: ${key} must be an integer from ${min} to ${max}`);
  }
  return v;
}
