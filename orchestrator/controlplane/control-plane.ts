// Composition root of the headless control plane: store + registry + API server.
import path from 'node:path';
import { Store } from '../storage/store.js';
import { Registry } from '../api/registry/registry.js';
import { startApiServer } from '../apiserver/server.js';
import { findResource } from '../api/resources.js';
import { KUBERNETES_SERVICE_IP } from '../api/registry/allocators.js';
import type { WatchSettings } from '../apiserver/watch.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { runControlPlaneNode } from './control-plane-node.js';
import { existsSync } from 'node:fs';
import { DockerRuntime } from '../runtime/docker.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { startControllers } from '../controllers/manager.js';
import type { ClusterHost } from '../controllers/context.js';
import { dockerClusterHost } from '../provider/docker-host.js';
import { realClock } from '../client/clock.js';
import { envSetting, resolveControllerSettings, type ControllerSettings } from '../config/settings.js';
import { startDashboardServer, type DashboardServer } from '../dashboard/server.js';
import { createOperations } from '../operations/operations.js';
import { clusterNodeMembership, clusterNodePower } from './node-hooks.js';
import { defaultTolerationSeconds } from '../api/admission/default-tolerations.js';

export interface ControlPlaneOptions {
  /** Cluster name (e.g. 'kubedeck'). */
  name: string;
  /** Directory holding state.db (SQLite). */
  stateDir: string;
  /** Addresses to listen on (127.0.0.1 always; later also the cluster network gateway). */
  hosts: string[];
  /** TCP port for the HTTPS API server (0 = pick a free one). */
  port: number;
  /** PEM server certificate and key (signed by the cluster CA). */
  tls: { cert: string; key: string };
  /** The cluster CA: client certificates it signed authenticate; the CSR signer issues with it. */
  ca?: { cert: string; key: string };
  /** Bearer tokens accepted, mapped to a user name. */
  tokens: Record<string, string>;
  watch?: Partial<WatchSettings>;
  /** The container engine (pod logs); by default the local Docker engine when its socket exists. */
  runtime?: ContainerRuntime;
  /** How many past changes are kept for watch resume (older resourceVersions get 410 Expired). */
  eventLogSize?: number;
  /** Controller timings (node lifecycle, eviction, HPA); upstream's defaults when absent. */
  controllers?: ControllerSettings;
  /** Users (node identities) cut off from the API server: `kubedeck node partition`. */
  blockedUsers?: ReadonlySet<string>;
  log?: (line: string) => void;
  /** The web dashboard (renderer + operations API) on 127.0.0.1; off when absent. */
  dashboard?: { token: string; port?: number };
}

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  registry: Registry;
  /** Port of the web dashboard, when it runs. */
  dashboardPort?: number;
  stop(): Promise<void>;
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const store = Store.open(path.join(opts.stateDir, 'state.db'), {
    eventLogSize: opts.eventLogSize,
    // KUBEDECK_STORE_SYNC=full: fsync every commit (power-cut safe; slower writes).
    sync: envSetting('storeSync') as 'full' | 'normal',
  });
  const controllerSettings = opts.controllers ?? resolveControllerSettings();
  const registry = new Registry(store, {
    admission: [defaultTolerationSeconds(controllerSettings.defaultTolerationSeconds)],
  });
  registry.bootstrap();
  const runtime = opts.runtime ?? defaultRuntime();
  let server;
  try {
    server = await startApiServer({
      registry,
      hosts: opts.hosts,
      port: opts.port,
      tls: { ...opts.tls, clientCA: opts.ca?.cert },
      tokens: opts.tokens,
      watch: opts.watch,
      runtime,
      log: opts.log,
      blockedUsers: opts.blockedUsers,
    });
  } catch (e) {
    store.close();
    throw e;
  }
  ensureKubernetesService(registry, server.port);
  const scheduler = startScheduler(registry);
  const controllers = startControllers({
    registry,
    clock: realClock,
    settings: controllerSettings,
    cluster: opts.name,
    runtime,
    // Only a Docker engine runs node and proxy containers (the fake runtime of tests does not).
    host:
      runtime instanceof DockerRuntime
        ? (dockerClusterHost(runtime, opts.name) satisfies ClusterHost)
        : undefined,
    ca: opts.ca,
    log: opts.log ?? (() => {}),
  });
  const stopNode = runControlPlaneNode(registry, opts.hosts[opts.hosts.length - 1] ?? '127.0.0.1');
  const host = opts.hosts[0] ?? '127.0.0.1';
  const dashboard = opts.dashboard ? await startDashboard(opts, registry, runtime) : undefined;
  return {
    url: `https://${host}:${server.port}`,
    port: server.port,
    registry,
    dashboardPort: dashboard?.port,
    stop: async () => {
      await dashboard?.close();
      stopNode();
      await controllers.stop();
      scheduler.stop();
      await server.close();
      store.close();
    },
  };
}

/** The `kubernetes` Service in `default` fronts the API server at the first service IP. */
function ensureKubernetesService(registry: Registry, apiPort: number): void {
  const info = findResource('', 'v1', 'services')!;
  const existing = registry.tryGet(info, 'default', 'kubernetes');
  const ports = [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }];
  if (existing) {
    if (existing.spec?.ports?.[0]?.targetPort !== apiPort) {
      registry.update(
        info,
        'default',
        'kubernetes',
        { ...existing, spec: { ...existing.spec, ports } },
        { fieldManager: 'kube-apiserver' },
      );
    }
    return;
  }
  registry.create(
    info,
    'default',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: KUBERNETES_SERVICE_IP, ports, sessionAffinity: 'None' },
    },
    { fieldManager: 'kube-apiserver' },
  );
}

function defaultRuntime(): ContainerRuntime | undefined {
  return process.env.DOCKER_HOST || existsSync('/var/run/docker.sock') ? new DockerRuntime() : undefined;
}

/** The dashboard is a convenience: a failure to start it is logged, never fatal to the cluster. */
async function startDashboard(
  opts: ControlPlaneOptions,
  registry: Registry,
  runtime: ContainerRuntime | undefined,
): Promise<DashboardServer | undefined> {
  try {
    return await startDashboardServer({
      ops: createOperations({
        registry,
        clusterName: opts.name,
        runtime,
        nodePower: clusterNodePower(opts.name),
        nodeMembership: clusterNodeMembership(opts.name),
      }),
      token: opts.dashboard!.token,
      port: opts.dashboard!.port,
      log: opts.log,
    });
  } catch (e) {
    opts.log?.(`dashboard not started: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
