// `kubedeck start --config FILE`: a small YAML/JSON cluster description; flags override it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SettingsError, UserError } from '../config/errors.js';
import {
  CLUSTER_ROWS,
  FILE_KEYS,
  SETTINGS_KEYS,
  validateRows,
  validateSettings,
  type ClusterSettings,
} from '../config/settings.js';

export interface ClusterConfigFile {
  /** Worker node count. */
  nodes?: number;
  /** API server port to use on first start (default: a free port in a high range). */
  apiServerPort?: number;
  /** Subnet for the cluster network on first creation (default: Docker picks one). */
  networkSubnet?: string;
  /** Timings, local images first, node capacity (see config/settings-table.ts, docs/settings.md). */
  settings?: ClusterSettings;
}

const KNOWN_KEYS = new Set(['kind', 'apiVersion', ...FILE_KEYS]);

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
  try {
    const out = validateRows(raw, CLUSTER_ROWS) as ClusterConfigFile;
    if (SETTINGS_KEYS.some((k) => raw[k] !== undefined)) out.settings = validateSettings(raw);
    return out;
  } catch (err) {
    if (err instanceof SettingsError) throw new UserError(`config file ${file}: ${err.message}`);
    throw err;
  }
}
