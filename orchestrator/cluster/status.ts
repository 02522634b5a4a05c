// `kubedeck status`: running / stopped / absent, from the state dir and the lock.
import { existsSync } from 'node:fs';
import { readClusterConfig } from './cluster-config.js';
import { lockProbe } from './credentials.js';
import { assessLock, readLock } from './lock.js';
import { clusterPaths, contextName, kubedeckHome, DEFAULT_CLUSTER_NAME } from './paths.js';
import { apiUrl } from './state.js';

export interface ClusterStatus {
  name: string;
  status: 'running' | 'stopped' | 'absent';
  /** API URL (also when stopped: where it will listen). */
  url?: string;
  port?: number;
  pid?: number;
  startedAt?: string;
  uptimeSeconds?: number;
  /** Worker nodes configured. */
  nodes: number;
  context: string;
  stateDir: string;
  kubeconfig: string;
  /** Why a leftover lock was ignored, when there is one. */
  staleLock?: string;
}

export async function clusterStatus(
  opts: { name?: string },
  deps: { home?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ClusterStatus> {
  const paths = clusterPaths(
    opts.name ?? DEFAULT_CLUSTER_NAME,
    deps.home ?? kubedeckHome(deps.env ?? process.env),
  );
  const base = {
    name: paths.name,
    context: contextName(paths.name),
    stateDir: paths.dir,
    kubeconfig: paths.kubeconfig,
  };
  if (!existsSync(paths.dir)) return { ...base, status: 'absent', nodes: 0 };
  let config;
  try {
    config = readClusterConfig(paths.config);
  } catch {
    config = undefined;
  }
  const nodes = config?.nodes ?? 0;
  const state = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  if (state.state === 'running') {
    const started = Date.parse(state.lock.startedAt);
    return {
      ...base,
      status: 'running',
      url: state.lock.url,
      port: state.lock.port,
      pid: state.lock.pid,
      startedAt: state.lock.startedAt,
      uptimeSeconds: Number.isNaN(started)
        ? undefined
        : Math.max(0, Math.floor((Date.now() - started) / 1000)),
      nodes,
    };
  }
  return {
    ...base,
    status: 'stopped',
    url: config ? apiUrl(config.port) : undefined,
    port: config?.port,
    nodes,
    staleLock: state.state === 'stale' ? state.reason : undefined,
  };
}
