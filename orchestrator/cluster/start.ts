// `kubedeck start`: state dir → API port → network ∥ CA → certificates → daemon → (node image →
// node containers) ∥ control plane ready → kubeconfig → every node Ready, as named steps over one
// context (steps.ts). With --nodes 0 the Docker steps are skipped entirely.
import type { ChildProcess } from 'node:child_process';
import type { DockerRuntime } from '../runtime/docker.js';
import { readClusterConfig, writeClusterConfig, type ClusterConfig } from './cluster-config.js';
import { loadConfigFile } from './config-file.js';
import { lockProbe, readCredentials } from './credentials.js';
import { portInUseError } from './port.js';
import { containerLogTail } from './docker-objects.js';
import { connectEngine } from './engine.js';
import { defaultKubeconfigPath, mergeKubeconfig } from './kubeconfig.js';
import { assessLock, readLock, removeLock, type LockInfo } from './lock.js';
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
import { ensureCa } from './pki.js';
import { runSteps, type Step } from './steps.js';

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

  const ctx: StartContext = {
    paths,
    env,
    file,
    nodes,
    names,
    rt,
    deps,
    kubeconfigPath: deps.kubeconfigPath ?? defaultKubeconfigPath(env),
    // The node image does not depend on anything else: inspect (or build) it from the first moment.
    image: rt
      ? ensureNodeImage(rt, { baseImage: nodeBaseImage(env), agentBundle: agentBundlePath(env) })
      : undefined,
  };
  ctx.image?.catch(() => {}); // awaited by its step; no unhandled rejection meanwhile
  await runSteps(START_STEPS, ctx, r);
  const lock = ctx.lock!;
  return { url: lock.url, pid: lock.pid, alreadyRunning: false, context, nodes: names };
}

/** What the steps of a fresh `start` share: inputs first, then what each step produced. */
interface StartContext {
  paths: ClusterPaths;
  env: NodeJS.ProcessEnv;
  file: ReturnType<typeof loadConfigFile>;
  nodes: number;
  names: string[];
  rt: DockerRuntime | undefined;
  deps: StartDeps;
  kubeconfigPath: string;
  image?: Promise<{ tag: string; built: boolean }>;
  configCreated?: boolean;
  networkCreated?: boolean;
  config?: ClusterConfig;
  caGenerated?: boolean;
  creds?: ReturnType<typeof ensureCredentials>;
  child?: ChildProcess;
  imageTag?: { tag: string; built: boolean };
  started?: Awaited<ReturnType<typeof ensureNodeContainers>>;
  lock?: LockInfo;
}

const withNodes = (c: StartContext) => c.rt !== undefined;

/**
 * A fresh start, in order. Independent steps overlap: the CA is generated while Docker creates the
 * network, node containers start while the daemon comes up (their agents retry until it answers).
 */
const START_STEPS: Step<StartContext>[] = [
  {
    name: 'Preparing state dir',
    run: (c) => prepareStateDir(c.paths),
    done: (c) => `Preparing state dir ${c.paths.dir}`,
  },
  {
    name: 'Choosing API port',
    after: ['Preparing state dir'],
    run: async (c) => {
      const res = await ensureClusterConfig(c.paths, { preferredPort: c.file.apiServerPort, nodes: c.nodes });
      c.config = res.config;
      c.configCreated = res.created;
      if (c.file.settings) {
        c.config.settings = c.file.settings;
        saveConfig(c.paths.config, c.config);
      }
    },
    done: (c) => `${c.configCreated ? 'Chose' : 'Reusing'} API port ${c.config!.port}`,
  },
  {
    name: 'Creating cluster network',
    after: ['Choosing API port'],
    when: withNodes,
    run: async (c) => {
      const net = await ensureClusterNetwork(c.rt!, c.paths.name, { subnet: c.file.networkSubnet });
      c.config!.network = { name: net.name, subnet: net.subnet, gateway: net.gateway };
      saveConfig(c.paths.config, c.config!);
      c.networkCreated = net.created;
    },
    done: (c) => {
      const n = c.config!.network!;
      return `${c.networkCreated ? 'Created' : 'Reusing'} network ${n.name} (${n.subnet ?? '?'}, gateway ${n.gateway ?? '?'})`;
    },
  },
  {
    name: 'Preparing certificate authority',
    after: ['Preparing state dir'],
    run: async (c) => {
      c.caGenerated = (await ensureCa(c.paths)).generated;
    },
    done: (c) => `${c.caGenerated ? 'Generated' : 'Reusing'} certificate authority`,
  },
  {
    name: 'Preparing certificates and tokens',
    after: ['Creating cluster network', 'Preparing certificate authority'],
    run: (c) => {
      c.creds = ensureCredentials(c.paths, c.config!);
      for (const n of c.names) ensureNodeToken(c.paths, n);
    },
    done: (c) =>
      c.creds!.generated ? 'Generated certificates and tokens' : 'Reusing certificates and tokens',
  },
  {
    name: 'Checking API port is free',
    after: ['Choosing API port'],
    run: async (c) => {
      // A daemon that just died can hold its socket for a moment while its threads exit: retry briefly.
      for (let i = 0; i < 30; i++) {
        if (await isPortFree(c.config!.port)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw portInUseError(c.config!.port, c.paths.name);
    },
    done: (c) => `Checking port ${c.config!.port} is free`,
  },
  {
    name: 'Launching daemon',
    after: ['Preparing certificates and tokens', 'Checking API port is free'],
    run: (c) => {
      c.child = launchDaemon(c.paths, c.deps.daemonCommand(c.paths.name), c.env);
    },
    done: (c) => `Launched daemon (pid ${c.child!.pid})`,
  },
  {
    name: 'Preparing node image',
    after: ['Launching daemon'],
    when: withNodes,
    run: async (c) => {
      c.imageTag = await c.image!;
    },
    done: (c) => `${c.imageTag!.built ? 'Built' : 'Reusing'} node image ${c.imageTag!.tag}`,
  },
  {
    name: 'Starting node containers',
    after: ['Preparing node image'],
    when: withNodes,
    run: async (c) => {
      c.started = await ensureNodeContainers(c.rt!, await nodeContainerInputs(c.rt!, c, c.imageTag!.tag));
    },
    done: (c) => summarizeNodeActions(c.started!),
  },
  {
    name: 'Waiting for the control plane',
    after: ['Launching daemon'],
    run: async (c) => {
      c.lock = await waitForReady(c.paths, c.child!, {
        caPem: c.creds!.pki.ca.cert,
        token: c.creds!.token,
        timeoutMs: c.deps.readyTimeoutMs,
      });
    },
    done: (c) => `Control plane ready at ${c.lock!.url}`,
  },
  {
    name: 'Merging kubeconfig',
    after: ['Waiting for the control plane'],
    run: (c) => {
      mergeKubeconfig(c.kubeconfigPath, c.creds!.entry);
      const latest = readClusterConfig(c.paths.config) ?? c.config!;
      latest.mergedKubeconfigs = [...new Set([...(latest.mergedKubeconfigs ?? []), c.kubeconfigPath])];
      writeClusterConfig(c.paths.config, latest);
    },
    done: (c) => `Set kubectl context '${contextName(c.paths.name)}' in ${c.kubeconfigPath}`,
  },
  {
    name: 'Waiting for nodes to be Ready',
    after: ['Starting node containers', 'Merging kubeconfig'],
    when: withNodes,
    run: async (c) => {
      await waitForNodesReady({
        apiUrl: c.lock!.url,
        caPem: c.creds!.pki.ca.cert,
        token: c.creds!.token,
        nodes: c.names,
        timeoutMs: c.deps.nodeReadyTimeoutMs,
        diagnose: (n) => containerLogTail(c.rt!, c.started!.find((s) => s.node === n)?.id ?? n),
      });
    },
    done: (c) => `Nodes Ready: ${c.names.join(', ')}`,
  },
];

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
  const img = await r.step(
    'Preparing node image',
    () => o.image,
    (i) => `${i.built ? 'Built' : 'Reusing'} node image ${i.tag}`,
  );
  const inputs = await nodeContainerInputs(rt, o, img.tag);
  return r.step('Starting node containers', () => ensureNodeContainers(rt, inputs), summarizeNodeActions);
}

/** One container spec per worker: image, network, API port, credentials, settings. */
async function nodeContainerInputs(
  rt: DockerRuntime,
  o: { paths: ClusterPaths; config?: ClusterConfig; names: string[]; env: NodeJS.ProcessEnv },
  image: string,
): Promise<NodeContainerInput[]> {
  const { paths, names } = o;
  const config = o.config!;
  const settings = resolveSettings(config.settings, names.length);
  const socket = (rt.docker.modem as { socketPath?: string }).socketPath ?? '/var/run/docker.sock';
  const hostGateway = await hostGatewayFor(config.network?.gateway);
  return names.map((node) => ({
    cluster: paths.name,
    node,
    image,
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
