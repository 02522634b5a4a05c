// The daemon: runs one cluster's control plane in the foreground of its own process.
// `kubedeck start` spawns it detached; it owns the lock file while its API server listens.
import type { ControlPlane, ControlPlaneOptions } from './control-plane.js';
import { UserError } from '../config/errors.js';
import { assessLock, readLock, removeLock, writeLock, type LockInfo } from '../cluster/lock.js';
import { isLocalAddress } from '../cluster/network.js';
import { readNodeTokens } from '../cluster/node-tokens.js';
import { followPartitions } from '../cluster/node-partitions.js';
import { clusterPaths, kubedeckHome } from '../config/paths.js';
import { probeApi } from '../cluster/probe.js';
import { loadCluster } from '../cluster/state.js';
import { ADMIN_USER } from '../cluster/token.js';
import { portInUseError } from '../cluster/port.js';
import { resolveControllerSettings } from '../config/settings.js';
import { dashboardToken, newNonce } from '../dashboard/token.js';

/** The part of a running control plane the daemon needs (lets tests inject a small fake). */
export type DaemonControlPlane = Pick<ControlPlane, 'url' | 'port' | 'stop'> &
  Partial<Pick<ControlPlane, 'dashboardPort'>>;
export type StartControlPlaneFn = (opts: ControlPlaneOptions) => Promise<DaemonControlPlane>;

export interface DaemonOptions {
  name: string;
  home?: string;
}

export interface DaemonDeps {
  startControlPlane: StartControlPlaneFn;
  log?: (line: string) => void;
}

export interface DaemonHandle {
  controlPlane: DaemonControlPlane;
  lock: LockInfo;
  /** Stops the control plane, then removes the lock (if still ours). Safe to call twice. */
  stop(): Promise<void>;
}

/** Loads state, starts the control plane, and writes the lock once it listens. */
export async function runDaemon(opts: DaemonOptions, deps: DaemonDeps): Promise<DaemonHandle> {
  const log = deps.log ?? (() => {});
  const paths = clusterPaths(opts.name, opts.home ?? kubedeckHome());
  const cluster = await loadCluster(paths);

  const existing = await assessLock(paths.name, readLock(paths.lock), {
    probe: (l) => probeApi(l.url, cluster.pki.ca.cert, cluster.token),
  });
  if (existing.state === 'running' && existing.lock.pid !== process.pid) {
    throw new UserError(
      `cluster '${paths.name}' is already running (pid ${existing.lock.pid})`,
      'run `kubedeck stop` first',
    );
  }

  const hosts = await listenHosts(cluster.config.network?.gateway);
  log(
    `starting control plane for '${paths.name}' on ${hosts.map((h) => `${h}:${cluster.config.port}`).join(', ')}`,
  );
  // Node tokens first: the admin token wins should a node token ever collide with it. The API
  // server reads this object per request, so tokens of nodes added later are picked up below.
  const tokens: Record<string, string> = { ...readNodeTokens(paths), [cluster.token]: ADMIN_USER };
  const refresh = setInterval(() => {
    try {
      for (const [t, user] of Object.entries(readNodeTokens(paths))) if (!(t in tokens)) tokens[t] = user;
    } catch {
      // state dir being deleted: nothing to add
    }
  }, 2000);
  refresh.unref();
  // Nodes `kubedeck node partition` cut off: the API server drops their connections.
  const blockedUsers = new Set<string>();
  const partitions = followPartitions(paths, blockedUsers);
  const dashboardNonce = newNonce();
  let cp: DaemonControlPlane;
  try {
    cp = await deps.startControlPlane({
      name: paths.name,
      stateDir: paths.dir,
      hosts,
      port: cluster.config.port,
      tls: { cert: cluster.pki.server.cert, key: cluster.pki.server.key },
      ca: cluster.pki.ca,
      tokens,
      blockedUsers,
      controllers: resolveControllerSettings(cluster.config.settings),
      log,
      dashboard: { token: dashboardToken(cluster.token, dashboardNonce) },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw portInUseError(cluster.config.port, paths.name);
    }
    throw err;
  }

  const lock: LockInfo = {
    pid: process.pid,
    url: cp.url,
    port: cp.port,
    startedAt: new Date().toISOString(),
    name: paths.name,
    ...(cp.dashboardPort ? { dashboardPort: cp.dashboardPort, dashboardNonce } : {}),
  };
  writeLock(paths.lock, lock);
  log(`control plane ready at ${cp.url}`);

  let stopping: Promise<void> | undefined;
  return {
    controlPlane: cp,
    lock,
    stop() {
      stopping ??= (async () => {
        clearInterval(refresh);
        partitions.stop();
        try {
          await cp.stop();
        } finally {
          removeLock(paths.lock, process.pid);
        }
      })();
      return stopping;
    },
  };
}

/**
 * Loopback always (first: the lock URL uses it); the cluster network's gateway too when this host
 * owns that address (Linux), so node agents reach us as host.docker.internal. Never 0.0.0.0.
 */
export async function listenHosts(
  gateway: string | undefined,
  isLocal: (ip: string) => Promise<boolean> = isLocalAddress,
): Promise<string[]> {
  return gateway && gateway !== '127.0.0.1' && (await isLocal(gateway))
    ? ['127.0.0.1', gateway]
    : ['127.0.0.1'];
}

const STOP_BOUND_MS = 10_000;

/** Process entry for `kubedeck __daemon`: logs to stdout (daemon.log), exits on SIGTERM/SIGINT. */
export async function daemonMain(opts: DaemonOptions, deps: DaemonDeps): Promise<void> {
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const fail = (err: unknown) => {
    log(
      `error: ${err instanceof UserError ? err.line() : err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  };
  let handle: DaemonHandle | undefined;
  const shutdown = (signal: string) => {
    log(`received ${signal}, stopping`);
    // A stuck stop must not leave the process around forever.
    setTimeout(() => {
      log('stop timed out, exiting');
      process.exit(1);
    }, STOP_BOUND_MS).unref();
    void (handle?.stop() ?? Promise.resolve()).then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (err) => {
        fail(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('uncaughtException', (err) => {
    fail(err);
    // Do not leave a lock pointing at a process that is about to disappear.
    removeLock(clusterPaths(opts.name, opts.home ?? kubedeckHome()).lock, process.pid);
    process.exit(1);
  });
  try {
    handle = await runDaemon(opts, { ...deps, log });
  } catch (err) {
    fail(err);
    process.exit(1);
  }
}
