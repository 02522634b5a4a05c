// `kubedeck stop` and `kubedeck delete`.
import { existsSync, rmSync } from 'node:fs';
import { readClusterConfig } from './cluster-config.js';
import { lockProbe } from './credentials.js';
import { defaultKubeconfigPath, removeFromKubeconfig } from './kubeconfig.js';
import { assessLock, readLock, removeLock } from './lock.js';
import { clusterPaths, contextName, kubedeckHome, DEFAULT_CLUSTER_NAME } from './paths.js';
import { terminate } from './process-control.js';
import type { Reporter } from './reporter.js';

export interface StopDeps {
  reporter: Reporter;
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait after SIGTERM before SIGKILL. */
  timeoutMs?: number;
}

/** Stops the daemon if it runs; clears a stale lock. Returns whether a daemon was stopped. */
export async function stopCluster(opts: { name?: string }, deps: StopDeps): Promise<boolean> {
  const r = deps.reporter;
  const paths = clusterPaths(
    opts.name ?? DEFAULT_CLUSTER_NAME,
    deps.home ?? kubedeckHome(deps.env ?? process.env),
  );
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
  if (exists) await stopCluster(opts, deps);

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
  if (exists)
    await r.step(`Removing ${paths.dir}`, () => rmSync(paths.dir, { recursive: true, force: true }));
  if (!exists && !cleaned) r.info(`Cluster '${paths.name}' does not exist.`);
  return exists || cleaned;
}
