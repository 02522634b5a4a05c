// config.json: what must stay stable across restarts (the API port, so kubeconfigs keep working).
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../config/errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { ClusterSettings } from '../config/settings.js';

export interface ClusterConfig {
  name: string;
  /** HTTPS port of the API server on 127.0.0.1; chosen on first start, then kept. */
  port: number;
  /** Worker nodes requested (0 = control plane only). */
  nodes: number;
  /** The cluster's Docker network as last ensured by `start` (the daemon also listens on its gateway). */
  network?: { name: string; subnet?: string; gateway?: string };
  /** Settings from the last --config file (only what was set; defaults are filled in at start). */
  settings?: ClusterSettings;
  createdAt: string;
  /** kubeconfig files we merged our context into (so delete can clean them all). */
  mergedKubeconfigs?: string[];
}

export function readClusterConfig(file: string): ClusterConfig | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON (${(err as Error).message})`, 'fix or delete the file');
  }
  const c = parsed as Partial<ClusterConfig>;
  if (!c || typeof c !== 'object' || typeof c.port !== 'number' || !Number.isInteger(c.port)) {
    throw new UserError(`${file} has no valid "port"`, 'fix the file or run `kubedeck delete` to start over');
  }
  return {
    name: String(c.name ?? ''),
    port: c.port,
    nodes: typeof c.nodes === 'number' ? c.nodes : 0,
    createdAt: String(c.createdAt ?? ''),
    mergedKubeconfigs: Array.isArray(c.mergedKubeconfigs) ? c.mergedKubeconfigs.map(String) : [],
    ...(c.network && typeof c.network === 'object' && typeof c.network.name === 'string'
      ? { network: c.network }
      : {}),
    ...(c.settings && typeof c.settings === 'object' ? { settings: c.settings } : {}),
  };
}

export function writeClusterConfig(file: string, config: ClusterConfig): void {
  writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n', 0o644);
}
