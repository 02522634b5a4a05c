// `kubedeck start`: state dir → network → certificates → daemon → kubeconfig → node image →
// node containers → every node Ready. With --nodes 0 the Docker steps are skipped entirely.
import type { DockerRuntime } from '../runtime/docker.js';
import { readClusterConfig, writeClusterConfig, type ClusterConfig } from './cluster-config.js';
import { loadConfigFile } from './config-file.js';
import { lockProbe, readCredentials } from './credentials.js';
import { portInUseError } from './port.js';
import { containerLogTail } from './docker-objects.js';
import { connectEngine } from './engine.js';
import { defaultKubeconfigPath, mergeKubeconfig } from './kubeconfig.js';
import { assessLock, readLock, removeLock } from './lock.js';
import { nodeNames } from '../config/names.js';
import { ensureClusterNetwork, hostGatewayFor } from './network.js';
import { ensureNodeContainers, summarizeNodeActions, type NodeContainerInput } from './node-containers.js';
import { agentBundlePath, ensureNodeImage, nodeBaseImage, pauseImage } from './node-image.js';
import { waitForNodesReady } from './node-ready.js';
import { ensureNodeToken } from './node-tokens.js';
import {
  clusterPaths,
  contextName,
  kubedeckHome,
  nodePaths,
  DEFAULT_CLUSTER_NAME,
  type ClusterPaths,
} from '../config/paths.js';
import { isPortFree } from './port.js';
import { terminate } from './process-control.js';
import type { Reporter } from './reporter.js';
import { pickSetting, resolveSettings } from '../config/settings.js';
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
  /** Bound for all nodes to report Ready (default 90 s). */
  nodeReadyTimeoutMs?: number;
  /** Engine connection (tests inject one); default connects to the local engine. */
  engine?: (env: NodeJS.ProcessEnv) => Promise<DockerRuntime>;
}

export interface StartResult {
  url: string;
  pid: number;
  alreadyRunning: boolean;
  context: string;
  /** Worker node names (empty with --nodes 0). */
  nodes: string[];
}

export async function startCluster(opts: StartOptions, deps: StartDeps): Promise<StartResult> {
  const { reporter: r } = deps;
  const env = deps.env ?? process.env;
  const paths = clusterPaths(opts.name ?? DEFAULT_CLUSTER_NAME, deps.home ?? kubedeckHome(env));
  const file = opts.configFile ? loadConfigFile(opts.configFile) : {};
  const previous = readClusterConfig(paths.config);
  // A restart keeps the node count it had unless told otherwise.
  const nodes = pickSetting('nodes', { flag: opts.nodes, file: file.nodes, saved: previous?.nodes });
  const names = nodeNames(paths.name, nodes);
  const context = contextName(paths.name);

  const lockState = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  // Before touching anything: worker nodes need a Docker engine.
  const rt = nodes > 0 ? await (deps.engine ?? connectEngine)(env) : undefined;
  if (lockState.state === 'running') {
    r.info(
      `Cluster '${paths.name}' is already running at ${lockState.lock.url} (pid ${lockState.lock.pid}).`,
    );
    // Still converge the nodes (e.g. after fixing a missing base image, or a node container stopped).
    if (rt && previous?.network) {
      const creds = readCredentials(paths);
      if (creds) {
        for (const n of names) ensureNodeToken(paths, n); // the daemon picks up new tokens by itself
        const cfg = { ...previous, nodes };
        if (cfg.nodes !== previous.nodes) saveConfig(paths.config, cfg);
        const image = ensureNodeImage(rt, {
          baseImage: nodeBaseImage(env),
          agentBundle: agentBundlePath(env),
        });
        const started = await startNodeContainers(r, rt, { paths, config: cfg, names, env, image });
        await waitForNodes(r, rt, names, started, {
          apiUrl: lockState.lock.url,
          ...creds,
          timeoutMs: deps.nodeReadyTimeoutMs,
        });
      }
    }
    return { url: lockState.lock.url, pid: lockState.lock.pid, alreadyRunning: true, context, nodes: names };
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
  if (file.settings) {
    config.settings = file.settings;
    saveConfig(paths.config, config);
  }
  if (rt) {
    const net = await r.step(
      'Creating cluster network',
      () => ensureClusterNetwork(rt, paths.name, { subnet: file.networkSubnet }),
      (n) =>
        `${n.created ? 'Created' : 'Reusing'} network ${n.name} (${n.subnet ?? '?'}, gateway ${n.gateway ?? '?'})`,
    );
    config.network = { name: net.name, subnet: net.subnet, gateway: net.gateway };
    saveConfig(paths.config, config);
  }
  const creds = await r.step(
    'Preparing certificates and tokens',
    () => {
      const c = ensureCredentials(paths, config);
      for (const n of names) ensureNodeToken(paths, n);
      return c;
    },
    (c) => (c.generated ? 'Generated certificates and tokens' : 'Reusing certificates and tokens'),
  );
  // The image does not depend on the daemon: build it while the control plane comes up.
  const image = rt
    ? ensureNodeImage(rt, { baseImage: nodeBaseImage(env), agentBundle: agentBundlePath(env) })
    : undefined;
  image?.catch(() => {}); // awaited below; no unhandled rejection meanwhile
  await r.step(`Checking port ${config.port} is free`, async () => {
    // A daemon that just died can hold its socket for a moment while its threads exit: retry briefly.
    for (let i = 0; i < 30; i++) {
      if (await isPortFree(config.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw portInUseError(config.port, paths.name);
  });
  const child = await r.step(
    'Launching daemon',
    () => launchDaemon(paths, deps.daemonCommand(paths.name), env),
    (c) => `Launched daemon (pid ${c.pid})`,
  );
  // Node containers do not need a ready control plane (their agents retry until it answers):
  // start them while the daemon comes up, and wait for Ready nodes once it has.
  const nodesStarting =
    rt && image ? startNodeContainers(r, rt, { paths, config, names, env, image }) : undefined;
  nodesStarting?.catch(() => {}); // awaited below; no unhandled rejection meanwhile
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
  if (rt && nodesStarting) {
    await waitForNodes(r, rt, names, await nodesStarting, {
      apiUrl: lock.url,
      caPem: creds.pki.ca.cert,
      token: creds.token,
      timeoutMs: deps.nodeReadyTimeoutMs,
    });
  }
  return { url: lock.url, pid: lock.pid, alreadyRunning: false, context, nodes: names };
}

/** Writes config.json keeping fields other steps may have added meanwhile (mergedKubeconfigs). */
function saveConfig(file: string, config: ClusterConfig): void {
  const latest = readClusterConfig(file);
  writeClusterConfig(file, {
    ...config,
    mergedKubeconfigs: latest?.mergedKubeconfigs ?? config.mergedKubeconfigs,
  });
}

interface NodeStepsInput {
  paths: ClusterPaths;
  config: ClusterConfig;
  names: string[];
  env: NodeJS.ProcessEnv;
  image: Promise<{ tag: string; built: boolean }>;
}

/** Node image → node containers (create or start). */
async function startNodeContainers(r: Reporter, rt: DockerRuntime, o: NodeStepsInput) {
  const { paths, config, names } = o;
  const img = await r.step(
    'Preparing node image',
    () => o.image,
    (i) => `${i.built ? 'Built' : 'Reusing'} node image ${i.tag}`,
  );
  const settings = resolveSettings(config.settings, names.length);
  const socket = (rt.docker.modem as { socketPath?: string }).socketPath ?? '/var/run/docker.sock';
  const hostGateway = await hostGatewayFor(config.network?.gateway);
  const inputs: NodeContainerInput[] = names.map((node) => ({
    cluster: paths.name,
    node,
    image: img.tag,
    network: config.network!.name,
    apiPort: config.port,
    caFile: paths.caCert,
    tokenFile: nodePaths(paths, node).token,
    podDir: nodePaths(paths, node).pods,
    dockerSocket: socket,
    pauseImage: pauseImage(o.env),
    settings,
    hostGateway,
  }));
  return r.step('Starting node containers', () => ensureNodeContainers(rt, inputs), summarizeNodeActions);
}

/** Every node registered and Ready, or one line per node that is not, with its log tail. */
async function waitForNodes(
  r: Reporter,
  rt: DockerRuntime,
  names: string[],
  started: Awaited<ReturnType<typeof ensureNodeContainers>>,
  o: { apiUrl: string; caPem: string; token: string; timeoutMs?: number },
): Promise<void> {
  await r.step(
    `Waiting for ${names.length} node${names.length > 1 ? 's' : ''} to be Ready`,
    () =>
      waitForNodesReady({
        apiUrl: o.apiUrl,
        caPem: o.caPem,
        token: o.token,
        nodes: names,
        timeoutMs: o.timeoutMs,
        diagnose: (n) => containerLogTail(rt, started.find((s) => s.node === n)?.id ?? n),
      }),
    () => `Nodes Ready: ${names.join(', ')}`,
  );
}
