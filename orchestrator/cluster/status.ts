// `kubedeck status`: running / stopped / absent, from the state dir and the lock.
import { existsSync } from 'node:fs';
import { readClusterConfig } from './cluster-config.js';
import { lockProbe } from './credentials.js';
import { assessLock, readLock } from './lock.js';
import { clusterPaths, contextName, kubedeckHome, DEFAULT_CLUSTER_NAME } from '../config/paths.js';
import { apiUrl } from './state.js';
import type { DockerRuntime } from '../runtime/docker.js';
import { listNodeContainers, type NodeContainerStatus } from './docker-objects.js';
import { connectEngine } from './engine.js';
import { UserError } from '../config/errors.js';

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
  /** Node containers and their Docker state (when the cluster has nodes and the engine answers). */
  nodeContainers?: NodeContainerStatus[];
  /** Why node containers could not be listed (e.g. Docker is not running). */
  dockerError?: string;
}

export async function clusterStatus(
  opts: { name?: string },
  deps: {
    home?: string;
    env?: NodeJS.ProcessEnv;
    engine?: (env: NodeJS.ProcessEnv) => Promise<DockerRuntime>;
  } = {},
): Promise<ClusterStatus> {
  const s = await daemonStatus(opts, deps);
  if (s.status === 'absent' || s.nodes === 0) return s;
  try {
    const rt = await (deps.engine ?? connectEngine)(deps.env ?? process.env);
    return { ...s, nodeContainers: await listNodeContainers(rt, s.name) };
  } catch (err) {
    return { ...s, dockerError: err instanceof UserError ? err.line() : (err as Error).message };
  }
}

/** The daemon's state from the state dir, the lock and its probe, without asking Docker about nodes. */
export async function daemonStatus(
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
