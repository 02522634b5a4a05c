// `kubedeck start --config FILE`: a small YAML/JSON cluster description; flags override it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UserError } from './errors.js';

export interface ClusterConfigFile {
  /** Worker node count. */
  nodes?: number;
  /** API server port to use on first start (default: a free port in a high range). */
  apiServerPort?: number;
}

const KNOWN_KEYS = new Set(['kind', 'apiVersion', 'nodes', 'apiServerPort']);

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
      'known fields: nodes, apiServerPort',
    );
  }
  const out: ClusterConfigFile = {};
  if (raw.nodes !== undefined) out.nodes = intField(file, 'nodes', raw.nodes, 0, 32);
  if (raw.apiServerPort !== undefined)
    out.apiServerPort = intField(file, 'apiServerPort', raw.apiServerPort, 1024, 65535);
  return out;
}

function intField(file: string, key: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new UserError(`config file ${file}: ${key} must be an integer from ${min} to ${max}`);
  }
  return v;
}
