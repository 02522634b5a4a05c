// `kubedeck node …`: simulated node failures and node membership. stop = power off (the node
// container and its pod containers stop), start = power on (the agent re-adopts and reconciles),
// partition/heal = the agent is cut off from the API server while its pods keep running,
// add/rm = a new worker / removal without draining.
import { rmSync } from 'node:fs';
import type { DockerRuntime } from '../runtime/docker.js';
import type { ContainerInfo } from '../runtime/types.js';
import { readClusterConfig, writeClusterConfig, type ClusterConfig } from './cluster-config.js';
import { lockProbe, readCredentials } from './credentials.js';
import { removeDirViaContainer } from './docker-objects.js';
import { connectEngine } from './engine.js';
import { UserError } from '../config/errors.js';
import { assessLock, readLock } from './lock.js';
import {
  CONTROL_PLANE_NODE,
  LABEL_CLUSTER,
  LABEL_NODE,
  LABEL_ROLE,
  nodeName,
  ROLE_NODE,
} from '../config/names.js';
import { hostGatewayFor } from './network.js';
import { ensureNodeContainer } from './node-containers.js';
import { agentBundlePath, ensureNodeImage, nodeBaseImage, pauseImage } from './node-image.js';
import { apiRequest, ApiRequestError, tokenGetsThrough, type ApiTarget } from './node-ops-api.js';
import { readPartitions, writePartitions } from './node-partitions.js';
import { waitForNodesReady } from './node-ready.js';
import { ensureNodeToken } from './node-tokens.js';
import {
  clusterPaths,
  kubedeckHome,
  nodePaths,
  DEFAULT_CLUSTER_NAME,
  type ClusterPaths,
} from '../config/paths.js';
import type { Reporter } from './reporter.js';
import { resolveSettings } from '../config/settings.js';

export interface NodeOpsDeps {
  reporter: Reporter;
  env?: NodeJS.ProcessEnv;
  home?: string;
  engine?: (env: NodeJS.ProcessEnv) => Promise<DockerRuntime>;
  /** Bound for waiting on Ready / partition effects (default 60 s). */
  timeoutMs?: number;
}

interface Ctx {
  paths: ClusterPaths;
  config: ClusterConfig;
  rt: DockerRuntime;
  env: NodeJS.ProcessEnv;
  /** Set when the control plane runs. */
  api?: ApiTarget;
  flag: string;
}

async function open(name: string | undefined, deps: NodeOpsDeps): Promise<Ctx> {
  const env = deps.env ?? process.env;
  const paths = clusterPaths(name ?? DEFAULT_CLUSTER_NAME, deps.home ?? kubedeckHome(env));
  const flag = paths.name === DEFAULT_CLUSTER_NAME ? '' : ` --name ${paths.name}`;
  const config = readClusterConfig(paths.config);
  if (!config)
    throw new UserError(`cluster '${paths.name}' does not exist`, `create it with \`kubedeck start${flag}\``);
  const rt = await (deps.engine ?? connectEngine)(env);
  const lock = await assessLock(paths.name, readLock(paths.lock), { probe: lockProbe(paths) });
  const creds = readCredentials(paths);
  const api =
    lock.state === 'running' && creds
      ? { url: lock.lock.url, caPem: creds.caPem, token: creds.token }
      : undefined;
  return { paths, config, rt, env, api, flag };
}

function requireApi(c: Ctx, what: string): ApiTarget {
  if (!c.api)
    throw new UserError(
      `cluster '${c.paths.name}' is not running, so ${what}`,
      `run \`kubedeck start${c.flag}\` first`,
    );
  return c.api;
}

const isNodeContainer = (c: ContainerInfo) => c.labels[LABEL_ROLE] === ROLE_NODE;
const running = (c: ContainerInfo) => c.state === 'running' || c.state === 'restarting';

async function nodeContainers(c: Ctx): Promise<ContainerInfo[]> {
  const all = await c.rt.listContainers({ [LABEL_CLUSTER]: c.paths.name, [LABEL_ROLE]: ROLE_NODE });
  return all.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

async function podContainers(c: Ctx, node: string): Promise<ContainerInfo[]> {
  const all = await c.rt.listContainers({ [LABEL_CLUSTER]: c.paths.name, [LABEL_NODE]: node });
  return all.filter((x) => !isNodeContainer(x));
}

async function findNode(c: Ctx, node: string): Promise<ContainerInfo> {
  if (node === CONTROL_PLANE_NODE)
    throw new UserError(
      `${node} is the in-app control plane, not a worker container`,
      `use \`kubedeck stop${c.flag}\` / \`kubedeck start${c.flag}\` for the whole cluster`,
    );
  const found = (await nodeContainers(c)).find((x) => x.name === node);
  if (!found)
    throw new UserError(
      `cluster '${c.paths.name}' has no worker node named ${node}`,
      `run \`kubedeck node ls${c.flag}\` to see its nodes`,
    );
  return found;
}

async function waitReady(c: Ctx, nodes: string[], deps: NodeOpsDeps): Promise<void> {
  const api = c.api!;
  await waitForNodesReady({
    apiUrl: api.url,
    caPem: api.caPem,
    token: api.token,
    nodes,
    timeoutMs: deps.timeoutMs ?? 60_000,
  });
}

// ---- ls ------------------------------------------------------------------------------------

export interface NodeRow {
  name: string;
  role: 'control-plane' | 'worker';
  container: string;
  ready: string;
  partitioned: boolean;
}

export async function listNodes(opts: { name?: string }, deps: NodeOpsDeps): Promise<NodeRow[]> {
  const c = await open(opts.name, deps);
  const partitioned = new Set(readPartitions(c.paths));
  const apiNodes = new Map<string, any>();
  if (c.api) {
    const list = await apiRequest(c.api, 'GET', '/api/v1/nodes').catch(() => ({ items: [] }));
    for (const n of list.items ?? []) apiNodes.set(n.metadata.name, n);
  }
  const ready = (name: string): string => {
    if (!c.api) return 'Unknown (control plane stopped)';
    const n = apiNodes.get(name);
    if (!n) return 'not registered';
    const cond = (n.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
    const base = !cond
      ? 'NotReady'
      : cond.status === 'True'
        ? 'Ready'
        : cond.status === 'Unknown'
          ? 'Unknown'
          : 'NotReady';
    return n.spec?.unschedulable ? `${base},SchedulingDisabled` : base;
  };
  const rows: NodeRow[] = [
    {
      name: CONTROL_PLANE_NODE,
      role: 'control-plane',
      container: c.api ? 'in-app (running)' : 'in-app (stopped)',
      ready: ready(CONTROL_PLANE_NODE),
      partitioned: false,
    },
  ];
  for (const x of await nodeContainers(c)) {
    rows.push({
      name: x.name,
      role: 'worker',
      container: x.state,
      ready: ready(x.name),
      partitioned: partitioned.has(x.name),
    });
  }
  return rows;
}

export function formatNodeRows(rows: NodeRow[]): string {
  const table = [['NAME', 'ROLE', 'CONTAINER', 'STATUS', 'PARTITIONED']].concat(
    rows.map((r) => [r.name, r.role, r.container, r.ready, r.partitioned ? 'yes' : 'no']),
  );
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return (
    table
      .map((row) =>
        row
          .map((v, i) => v.padEnd(widths[i]))
          .join('   ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

// ---- power ---------------------------------------------------------------------------------

/** Power off: the node container and every pod container of the node stop at once. */
export async function stopNode(opts: { name?: string; node: string }, deps: NodeOpsDeps): Promise<void> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  const node = await findNode(c, opts.node);
  await r.step(
    `Powering off ${opts.node}`,
    async () => {
      // Node first, so its agent cannot restart pods; no grace period: a machine losing power.
      if (running(node)) await c.rt.stopContainer(node.id, 0);
      const pods = (await podContainers(c, opts.node)).filter(running);
      await Promise.all(pods.map((p) => c.rt.stopContainer(p.id, 0)));
      return pods.length;
    },
    (n) => `Powered off ${opts.node} (node container and ${n} pod container${n === 1 ? '' : 's'} stopped)`,
  );
  if (c.api)
    r.info(
      `The node controller marks ${opts.node} Unknown after the node monitor grace period; its pods are evicted after their tolerationSeconds. Power it on with \`kubedeck node start ${opts.node}${c.flag}\`.`,
    );
}

/** Power on: the node container starts; its agent re-adopts pods still bound and removes the rest. */
export async function startNode(opts: { name?: string; node: string }, deps: NodeOpsDeps): Promise<void> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  const node = await findNode(c, opts.node);
  await r.step(
    `Powering on ${opts.node}`,
    async () => {
      if (!running(node)) await c.rt.startContainer(node.id);
      return running(node);
    },
    (was) => (was ? `${opts.node} was already running` : `Powered on ${opts.node}`),
  );
  if (!c.api) {
    r.info(`The control plane is not running: the agent connects once you run \`kubedeck start${c.flag}\`.`);
    return;
  }
  if (readPartitions(c.paths).includes(opts.node)) {
    r.info(
      `${opts.node} is still partitioned: run \`kubedeck node heal ${opts.node}${c.flag}\` to reconnect it.`,
    );
    return;
  }
  await r.step(
    `Waiting for ${opts.node} to be Ready`,
    () => waitReady(c, [opts.node], deps),
    () => `${opts.node} is Ready`,
  );
}

// ---- partition -----------------------------------------------------------------------------

async function nodeTarget(c: Ctx, node: string): Promise<ApiTarget | undefined> {
  if (!c.api) return undefined;
  const { readFileSync, existsSync } = await import('node:fs');
  const file = nodePaths(c.paths, node).token;
  return existsSync(file) ? { ...c.api, token: readFileSync(file, 'utf8').trim() } : undefined;
}

async function until(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end)
      throw new UserError(`timed out waiting: ${what}`, 'check daemon.log in the cluster state dir');
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Cuts the node's agent off from the API server; its pods keep running. Persisted. */
export async function partitionNode(opts: { name?: string; node: string }, deps: NodeOpsDeps): Promise<void> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  await findNode(c, opts.node);
  const before = readPartitions(c.paths);
  await r.step(
    `Partitioning ${opts.node}`,
    () => writePartitions(c.paths, [...before, opts.node]),
    () => `Recorded the partition of ${opts.node} (kept across restarts)`,
  );
  const target = await nodeTarget(c, opts.node);
  if (!target) {
    r.info('The control plane is not running: the partition applies when it starts.');
    return;
  }
  await r.step(
    `Cutting ${opts.node} off from the API server`,
    () =>
      until(
        async () => !(await tokenGetsThrough(target)),
        deps.timeoutMs ?? 10_000,
        `API server to drop ${opts.node}`,
      ),
    () => `The API server drops ${opts.node}'s connections; its pods keep running`,
  );
  r.info(`Undo with \`kubedeck node heal ${opts.node}${c.flag}\`.`);
}

/** Reconnects a partitioned node; its agent re-lists and reconciles its pods. */
export async function healNode(opts: { name?: string; node: string }, deps: NodeOpsDeps): Promise<void> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  await findNode(c, opts.node);
  const before = readPartitions(c.paths);
  if (!before.includes(opts.node)) r.info(`${opts.node} is not partitioned.`);
  await r.step(
    `Healing ${opts.node}`,
    () =>
      writePartitions(
        c.paths,
        before.filter((n) => n !== opts.node),
      ),
    () => `Removed the partition of ${opts.node}`,
  );
  const target = await nodeTarget(c, opts.node);
  if (!target) return;
  await r.step(
    `Reconnecting ${opts.node}`,
    () =>
      until(() => tokenGetsThrough(target), deps.timeoutMs ?? 10_000, `API server to accept ${opts.node}`),
    () => `The API server accepts ${opts.node} again`,
  );
  await r.step(
    `Waiting for ${opts.node} to be Ready`,
    () => waitReady(c, [opts.node], deps),
    () => `${opts.node} is Ready`,
  );
}

// ---- add / rm ------------------------------------------------------------------------------

export interface AddNodeOptions {
  name?: string;
  cpus?: string;
  memory?: string;
}

/** A new worker named after the highest existing one (kind style), optionally with its own capacity. */
export async function addNode(opts: AddNodeOptions, deps: NodeOpsDeps): Promise<string> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  requireApi(c, 'no node can join it');
  if (!c.config.network)
    throw new UserError(
      `cluster '${c.paths.name}' has no Docker network yet`,
      `run \`kubedeck start${c.flag}\` first`,
    );
  const existing = await nodeContainers(c);
  const indexOf = (n: string): number => {
    const m = new RegExp(`^${c.paths.name}-worker(\\d*)$`).exec(n);
    return m ? (m[1] ? Number(m[1]) : 1) : 0;
  };
  const next = Math.max(c.config.nodes, 0, ...existing.map((x) => indexOf(x.name))) + 1;
  const node = nodeName(c.paths.name, next);
  const base = resolveSettings(c.config.settings, next);
  const settings = {
    ...base,
    nodeCapacity: {
      ...base.nodeCapacity,
      ...(opts.cpus ? { cpu: opts.cpus } : {}),
      ...(opts.memory ? { memory: opts.memory } : {}),
    },
  };
  const img = await r.step(
    'Preparing node image',
    () => ensureNodeImage(c.rt, { baseImage: nodeBaseImage(c.env), agentBundle: agentBundlePath(c.env) }),
    (i) => `${i.built ? 'Built' : 'Reusing'} node image ${i.tag}`,
  );
  await r.step(
    `Creating node ${node}`,
    async () => {
      ensureNodeToken(c.paths, node); // the daemon picks new tokens up within 2 s
      const socket = (c.rt.docker.modem as { socketPath?: string }).socketPath ?? '/var/run/docker.sock';
      await ensureNodeContainer(c.rt, {
        cluster: c.paths.name,
        node,
        image: img.tag,
        network: c.config.network!.name,
        apiPort: c.config.port,
        caFile: c.paths.caCert,
        tokenFile: nodePaths(c.paths, node).token,
        podDir: nodePaths(c.paths, node).pods,
        dockerSocket: socket,
        pauseImage: pauseImage(c.env),
        settings,
        hostGateway: await hostGatewayFor(c.config.network!.gateway),
      });
      const latest = readClusterConfig(c.paths.config) ?? c.config;
      writeClusterConfig(c.paths.config, { ...latest, nodes: Math.max(latest.nodes, next) });
    },
    () => `Created node ${node} (cpu ${settings.nodeCapacity.cpu}, memory ${settings.nodeCapacity.memory})`,
  );
  await r.step(
    `Waiting for ${node} to be Ready`,
    () => waitReady(c, [node], deps),
    () => `${node} is Ready`,
  );
  return node;
}

/** Removal without draining: the Node object, its pods (force), its containers and its files. */
export async function removeNode(opts: { name?: string; node: string }, deps: NodeOpsDeps): Promise<void> {
  const r = deps.reporter;
  const c = await open(opts.name, deps);
  const api = requireApi(c, 'its Node object cannot be removed');
  const container = await findNode(c, opts.node);
  await r.step(`Removing node container ${opts.node}`, () =>
    c.rt.removeContainer(container.id, { force: true }),
  );
  await r.step(
    `Deleting Node ${opts.node} and its pods`,
    async () => {
      await apiRequest(api, 'DELETE', `/api/v1/nodes/${opts.node}`).catch((e) => {
        if (!(e instanceof ApiRequestError && e.code === 404)) throw e;
      });
      // Upstream's pod GC would do this after 40 s; the machine is gone, so do it now.
      const sel = encodeURIComponent(`spec.nodeName=${opts.node}`);
      const pods = await apiRequest(api, 'GET', `/api/v1/pods?fieldSelector=${sel}`);
      for (const p of pods.items ?? []) {
        await apiRequest(
          api,
          'DELETE',
          `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
          {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            gracePeriodSeconds: 0,
          },
        ).catch((e) => {
          if (!(e instanceof ApiRequestError && e.code === 404)) throw e;
        });
      }
      return (pods.items ?? []).length;
    },
    (n) => `Deleted Node ${opts.node} and ${n} pod${n === 1 ? '' : 's'}`,
  );
  await r.step(
    `Removing pod containers of ${opts.node}`,
    async () => {
      const pods = await podContainers(c, opts.node);
      await Promise.all(pods.map((p) => c.rt.removeContainer(p.id, { force: true })));
      return pods.length;
    },
    (n) => `Removed ${n} pod container${n === 1 ? '' : 's'} of ${opts.node}`,
  );
  writePartitions(
    c.paths,
    readPartitions(c.paths).filter((n) => n !== opts.node),
  );
  const dir = nodePaths(c.paths, opts.node).dir;
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Volume files written by containers as root: remove them from inside a container.
    await removeDirViaContainer(c.rt, container.image, dir, c.paths.name).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const latest = readClusterConfig(c.paths.config) ?? c.config;
  if (nodeName(c.paths.name, Math.max(1, latest.nodes)) === opts.node && latest.nodes > 0) {
    writeClusterConfig(c.paths.config, { ...latest, nodes: latest.nodes - 1 });
  } else {
    r.info(
      `Note: nodes are numbered; \`kubedeck start${c.flag}\` recreates an empty ${opts.node} while a higher-numbered worker exists.`,
    );
  }
}
