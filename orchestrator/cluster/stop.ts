// `kubedeck stop` and `kubedeck delete`.
import { existsSync, rmSync } from 'node:fs';
import { readClusterConfig } from './cluster-config.js';
import { lockProbe } from './credentials.js';
import { defaultKubeconfigPath, removeFromKubeconfig } from './kubeconfig.js';
import { assessLock, readLock, removeLock } from './lock.js';
import { clusterPaths, contextName, kubedeckHome, DEFAULT_CLUSTER_NAME } from '../config/paths.js';
import { terminate } from './process-control.js';
import type { Reporter } from './reporter.js';
import type { DockerRuntime } from '../runtime/docker.js';
import { removeClusterObjects, removeDirViaContainer, stopClusterContainers } from './docker-objects.js';
import { connectEngine } from './engine.js';
import type { ClusterPaths } from '../config/paths.js';

export interface StopDeps {
  reporter: Reporter;
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait after SIGTERM before SIGKILL. */
  timeoutMs?: number;
  engine?: (env: NodeJS.ProcessEnv) => Promise<DockerRuntime>;
}

/** Whether the cluster ever had Docker objects (then stop/delete need the engine). */
function usesDocker(paths: ClusterPaths): boolean {
  try {
    const c = readClusterConfig(paths.config);
    return !!c && (c.nodes > 0 || !!c.network);
  } catch {
    return true;
  }
}

/**
 * Stops the daemon if it runs (clears a stale lock), then the cluster's node and pod containers
 * (kept for the next start). Returns whether a daemon was stopped.
 */
export async function stopCluster(opts: { name?: string }, deps: StopDeps): Promise<boolean> {
  const env = deps.env ?? process.env;
  const paths = clusterPaths(opts.name ?? DEFAULT_CLUSTER_NAME, deps.home ?? kubedeckHome(env));
  const stopped = await stopDaemon(paths, deps);
  if (existsSync(paths.dir) && usesDocker(paths)) {
    const rt = await (deps.engine ?? connectEngine)(env);
    const n = await deps.reporter.step(
      'Stopping node and pod containers',
      () => stopClusterContainers(rt, paths.name),
      (c) => `Stopped ${c.nodes} node and ${c.pods} pod container${c.pods === 1 ? '' : 's'} (kept)`,
    );
    return stopped || n.nodes + n.pods > 0;
  }
  return stopped;
}

async function stopDaemon(paths: ClusterPaths, deps: StopDeps): Promise<boolean> {
  const r = deps.reporter;
  const state = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  if (state.state === 'none') {
    r.info(`Cluster '${paths.name}' is not running.`);
    return false;
  }
  if (state.state === 'stale' && !state.hung) {
    removeLock(paths.lock, state.lock.pid);
    r.info(`Cluster '${paths.name}' is not running (removed a stale lock: ${state.reason}).`);
    return false;
  }
  const pid = state.lock.pid;
  await r.step(
    `Stopping control plane (pid ${pid})`,
    () => terminate(pid, deps.timeoutMs ?? 15_000),
    (how) =>
      how === 'killed'
        ? `Killed control plane (pid ${pid}) after it ignored SIGTERM`
        : `Stopped control plane (pid ${pid})`,
  );
  removeLock(paths.lock, pid);
  return true;
}

export interface DeleteDeps extends StopDeps {
  kubeconfigPath?: string;
}

/** Stops the cluster, removes its kubeconfig entries and its state dir. Returns whether anything existed. */
export async function deleteCluster(opts: { name?: string }, deps: DeleteDeps): Promise<boolean> {
  const r = deps.reporter;
  const env = deps.env ?? process.env;
  const paths = clusterPaths(opts.name ?? DEFAULT_CLUSTER_NAME, deps.home ?? kubedeckHome(env));
  const exists = existsSync(paths.dir);
  let rt: DockerRuntime | undefined;
  if (exists) {
    await stopDaemon(paths, deps);
    // No engine: keep the state dir so `delete` can be retried once Docker runs.
    if (usesDocker(paths)) rt = await (deps.engine ?? connectEngine)(env);
  }
  if (rt) {
    const engine = rt;
    await r.step(
      'Removing containers, networks and volumes',
      () => removeClusterObjects(engine, paths.name),
      (c) => `Removed ${c.containers} container(s), ${c.networks} network(s), ${c.volumes} volume(s)`,
    );
  }

  let recorded: string[] = [];
  try {
    recorded = readClusterConfig(paths.config)?.mergedKubeconfigs ?? [];
  } catch {
    // unreadable config.json: still clean the default kubeconfig
  }
  const files = [...new Set([...recorded, deps.kubeconfigPath ?? defaultKubeconfigPath(env)])];
  const ctx = contextName(paths.name);
  let cleaned = false;
  for (const f of files) {
    if (removeFromKubeconfig(f, ctx)) {
      cleaned = true;
      r.info(`✓ Removed context '${ctx}' from ${f}`);
    }
  }
  if (exists) await r.step(`Removing ${paths.dir}`, () => removeStateDir(paths, rt));
  if (!exists && !cleaned) r.info(`Cluster '${paths.name}' does not exist.`);
  return exists || cleaned;
}

/** rm -rf of the state dir; files the agents created as root go through a container when needed. */
async function removeStateDir(paths: ClusterPaths, rt: DockerRuntime | undefined): Promise<void> {
  try {
    rmSync(paths.dir, { recursive: true, force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!rt || (code !== 'EACCES' && code !== 'EPERM') || !existsSync(paths.nodesDir)) throw err;
    const [image] = await rt.listImages({ 'kubedeck.node-image': 'true' });
    const ref = image?.repoTags[0] ?? image?.id;
    if (!ref) throw err;
    await removeDirViaContainer(rt, ref, paths.nodesDir, paths.name);
    rmSync(paths.dir, { recursive: true, force: true });
  }
}
