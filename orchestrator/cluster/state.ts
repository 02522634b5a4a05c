// Preparing a cluster's state dir: directory, config.json (port), PKI, token, standalone kubeconfig.
// Idempotent: `start` runs it step by step for progress output, the daemon runs it again to load.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readClusterConfig, writeClusterConfig, type ClusterConfig } from './cluster-config.js';
import { UserError } from '../config/errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import { standaloneKubeconfig, type KubeconfigEntry } from './kubeconfig.js';
import { contextName, type ClusterPaths } from '../config/paths.js';
import { ensurePki, type ClusterPki } from './pki.js';
import { pickFreePort } from './port.js';
import { ensureToken } from './token.js';

/** Creates the state dir (0700) and proves it is writable. */
export function prepareStateDir(paths: ClusterPaths): void {
  try {
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const probe = path.join(paths.dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError(
      `state dir ${paths.dir} is not writable (${code})`,
      'fix its permissions or set KUBEDECK_HOME to a writable directory',
    );
  }
}

/** Loads config.json, or creates it choosing the API port (preferred one if given, else a free high port). */
export async function ensureClusterConfig(
  paths: ClusterPaths,
  opts: { preferredPort?: number; nodes?: number } = {},
): Promise<{ config: ClusterConfig; created: boolean }> {
  const existing = readClusterConfig(paths.config);
  if (existing) {
    if (opts.nodes !== undefined && existing.nodes !== opts.nodes) {
      existing.nodes = opts.nodes;
      writeClusterConfig(paths.config, existing);
    }
    return { config: existing, created: false };
  }
  const config: ClusterConfig = {
    name: paths.name,
    port: opts.preferredPort ?? (await pickFreePort()),
    nodes: opts.nodes ?? 0,
    createdAt: new Date().toISOString(),
    mergedKubeconfigs: [],
  };
  writeClusterConfig(paths.config, config);
  return { config, created: true };
}

export function apiUrl(port: number): string {
  return `https://127.0.0.1:${port}`;
}

export function kubeconfigEntry(
  paths: ClusterPaths,
  port: number,
  caPem: string,
  token: string,
): KubeconfigEntry {
  return { name: contextName(paths.name), server: apiUrl(port), caPem, token };
}

export interface LoadedCluster {
  config: ClusterConfig;
  pki: ClusterPki;
  token: string;
  entry: KubeconfigEntry;
}

/** Credentials half of preparation: PKI, token and the standalone kubeconfig file. */
export function ensureCredentials(
  paths: ClusterPaths,
  config: ClusterConfig,
): Omit<LoadedCluster, 'config'> & { generated: boolean } {
  // Node agents reach the API server at the network gateway too: the serving cert must cover it.
  const gateway = config.network?.gateway;
  const pki = ensurePki(paths, gateway ? { ips: [gateway] } : {});
  const tok = ensureToken(paths.token);
  const entry = kubeconfigEntry(paths, config.port, pki.ca.cert, tok.token);
  writeFileAtomic(paths.kubeconfig, standaloneKubeconfig(entry), 0o600);
  return { pki, token: tok.token, entry, generated: pki.generated || tok.generated };
}

/** Everything at once (the daemon's path). */
export async function loadCluster(paths: ClusterPaths): Promise<LoadedCluster> {
  prepareStateDir(paths);
  const { config } = await ensureClusterConfig(paths);
  const creds = ensureCredentials(paths, config);
  return { config, pki: creds.pki, token: creds.token, entry: creds.entry };
}
