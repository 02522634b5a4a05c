// `kubedeck start`: prepare state, launch the daemon, wait for the API, merge the kubeconfig.
import { readClusterConfig, writeClusterConfig } from './cluster-config.js';
import { loadConfigFile } from './config-file.js';
import { lockProbe } from './credentials.js';
import { portInUseError } from './daemon.js';
import { UserError } from './errors.js';
import { defaultKubeconfigPath, mergeKubeconfig } from './kubeconfig.js';
import { assessLock, readLock, removeLock } from './lock.js';
import { clusterPaths, contextName, kubedeckHome, DEFAULT_CLUSTER_NAME } from './paths.js';
import { isPortFree } from './port.js';
import { terminate } from './process-control.js';
import type { Reporter } from './reporter.js';
import { launchDaemon, waitForReady, type DaemonCommand } from './spawn.js';
import { ensureClusterConfig, ensureCredentials, prepareStateDir } from './state.js';

export interface StartOptions {
  name?: string;
  nodes?: number;
  configFile?: string;
}

export interface StartDeps {
  reporter: Reporter;
  daemonCommand: (name: string) => DaemonCommand;
  home?: string;
  /** kubeconfig to merge into (default: what kubectl would use). */
  kubeconfigPath?: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export interface StartResult {
  url: string;
  pid: number;
  alreadyRunning: boolean;
  context: string;
}

export async function startCluster(opts: StartOptions, deps: StartDeps): Promise<StartResult> {
  const { reporter: r } = deps;
  const env = deps.env ?? process.env;
  const paths = clusterPaths(opts.name ?? DEFAULT_CLUSTER_NAME, deps.home ?? kubedeckHome(env));
  const file = opts.configFile ? loadConfigFile(opts.configFile) : {};
  const nodes = opts.nodes ?? file.nodes ?? 0;
  if (nodes > 0) {
    throw new UserError(
      `worker nodes arrive in a later release (asked for ${nodes})`,
      'use --nodes 0 for a control-plane-only cluster',
    );
  }
  const context = contextName(paths.name);

  const lockState = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  if (lockState.state === 'running') {
    r.info(
      `Cluster '${paths.name}' is already running at ${lockState.lock.url} (pid ${lockState.lock.pid}).`,
    );
    return { url: lockState.lock.url, pid: lockState.lock.pid, alreadyRunning: true, context };
  }
  if (lockState.state === 'stale') {
    r.info(`! Found a stale lock (${lockState.reason}); recovering.`);
    if (lockState.hung) await terminate(lockState.lock.pid, 5_000);
    removeLock(paths.lock, lockState.lock.pid);
  }

  await r.step(
    'Preparing state dir',
    () => prepareStateDir(paths),
    () => `Preparing state dir ${paths.dir}`,
  );
  const { config } = await r.step(
    'Choosing API port',
    () => ensureClusterConfig(paths, { preferredPort: file.apiServerPort, nodes }),
    (c) => `${c.created ? 'Chose' : 'Reusing'} API port ${c.config.port}`,
  );
  const creds = await r.step(
    'Preparing certificates and token',
    () => ensureCredentials(paths, config),
    (c) => (c.generated ? 'Generated certificates and token' : 'Reusing certificates and token'),
  );
  await r.step(`Checking port ${config.port} is free`, async () => {
    if (!(await isPortFree(config.port))) throw portInUseError(config.port, paths.name);
  });
  const child = await r.step(
    'Launching daemon',
    () => launchDaemon(paths, deps.daemonCommand(paths.name), env),
    (c) => `Launched daemon (pid ${c.pid})`,
  );
  const lock = await r.step(
    'Waiting for the control plane',
    () =>
      waitForReady(paths, child, {
        caPem: creds.pki.ca.cert,
        token: creds.token,
        timeoutMs: deps.readyTimeoutMs,
      }),
    (l) => `Control plane ready at ${l.url}`,
  );
  const kubeconfigPath = deps.kubeconfigPath ?? defaultKubeconfigPath(env);
  await r.step(
    `Merging kubeconfig`,
    () => {
      mergeKubeconfig(kubeconfigPath, creds.entry);
      const latest = readClusterConfig(paths.config) ?? config;
      latest.mergedKubeconfigs = [...new Set([...(latest.mergedKubeconfigs ?? []), kubeconfigPath])];
      writeClusterConfig(paths.config, latest);
    },
    () => `Set kubectl context '${context}' in ${kubeconfigPath}`,
  );
  return { url: lock.url, pid: lock.pid, alreadyRunning: false, context };
}
