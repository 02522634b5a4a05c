// Worker node containers: one per node, on the cluster network, running the node agent with the
// Docker socket, the cluster CA, its own token and its pod directory mounted. Created once, then
// started again as they are; recreated only when their desired spec (image, env, mounts) changed.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { DockerRuntime } from '../runtime/docker.js';
import type { ContainerSpec } from '../runtime/types.js';
import { UserError } from '../config/errors.js';
import { LABEL_CLUSTER, LABEL_SPEC, nodeLabels } from '../config/names.js';
import type { NodeAgentSettings } from '../config/settings.js';

/** Where the agent finds its files inside the node container. */
export const IN_NODE = {
  dockerSocket: '/var/run/docker.sock',
  ca: '/kubedeck/ca.crt',
  token: '/kubedeck/token',
};

export interface NodeContainerInput {
  cluster: string;
  node: string;
  image: string;
  network: string;
  apiPort: number;
  /** Host paths. */
  caFile: string;
  tokenFile: string;
  /** Mounted at the same absolute path inside the node (pod volumes are bound from there by the host engine). */
  podDir: string;
  /** Host path of the engine socket. */
  dockerSocket: string;
  pauseImage: string;
  settings: NodeAgentSettings;
  /**
   * Address host.docker.internal maps to: the cluster network's gateway on Linux (where the API
   * server listens; Docker's own host-gateway is docker0's address, not this network's), else
   * 'host-gateway' (Docker Desktop routes it to the host).
   */
  hostGateway: string;
}

/** The container spec of one node (pure: what the unit tests check). */
export function nodeContainerSpec(n: NodeContainerInput): ContainerSpec {
  const spec: ContainerSpec = {
    name: n.node,
    hostname: n.node,
    image: n.image,
    labels: nodeLabels(n.cluster, n.node),
    env: [
      `KUBEDECK_API_URL=https://host.docker.internal:${n.apiPort}`,
      `KUBEDECK_NODE_NAME=${n.node}`,
      `KUBEDECK_CLUSTER=${n.cluster}`,
      `KUBEDECK_TOKEN_FILE=${IN_NODE.token}`,
      `KUBEDECK_CA_FILE=${IN_NODE.ca}`,
      `KUBEDECK_POD_DIR=${n.podDir}`,
      `KUBEDECK_NETWORK=${n.network}`,
      `KUBEDECK_PAUSE_IMAGE=${n.pauseImage}`,
      `KUBEDECK_SETTINGS=${JSON.stringify(n.settings)}`,
      'KUBEDECK_HOST_PID=1',
    ],
    networkMode: n.network,
    binds: [
      `${n.dockerSocket}:${IN_NODE.dockerSocket}`,
      `${n.caFile}:${IN_NODE.ca}:ro`,
      `${n.tokenFile}:${IN_NODE.token}:ro`,
      `${n.podDir}:${n.podDir}`,
    ],
    extraHosts: [`host.docker.internal:${n.hostGateway}`],
    restartPolicy: 'unless-stopped',
    // The host's PID namespace and the capabilities nsenter needs let the agent enter a pod's
    // network namespace to route the service range, instead of a helper container per pod. The
    // Docker socket it already holds is root-equivalent, so this adds no real power. (Not
    // `privileged`: engines that themselves run without every capability refuse it.)
    pidMode: 'host',
    capAdd: ['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE'],
  };
  spec.labels = { ...spec.labels, [LABEL_SPEC]: specHash(spec) };
  return spec;
}

export function specHash(spec: ContainerSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

export type NodeAction = 'created' | 'started' | 'running' | 'recreated';

export interface NodeContainerResult {
  node: string;
  id: string;
  action: NodeAction;
}

/** Creates or starts one node container; refuses a same-named container of someone else. */
export async function ensureNodeContainer(
  rt: DockerRuntime,
  n: NodeContainerInput,
): Promise<NodeContainerResult> {
  const spec = nodeContainerSpec(n);
  mkdirSync(n.podDir, { recursive: true, mode: 0o755 });
  const existing = await rt.inspectContainer(n.node);
  let action: NodeAction = 'created';
  if (existing) {
    if (existing.labels[LABEL_CLUSTER] !== n.cluster) {
      throw new UserError(
        `a Docker container named ${n.node} exists but is not a node of cluster '${n.cluster}'`,
        `remove it (docker rm -f ${n.node}) or pick another --name`,
      );
    }
    if (existing.labels[LABEL_SPEC] === spec.labels[LABEL_SPEC]) {
      if (existing.state === 'running' || existing.state === 'restarting') {
        return { node: n.node, id: existing.id, action: 'running' };
      }
      await rt.startContainer(existing.id);
      return { node: n.node, id: existing.id, action: 'started' };
    }
    // Settings, image or port changed: the agent rebuilds its view from Docker, pods keep running.
    await rt.removeContainer(existing.id, { force: true });
    action = 'recreated';
  }
  const id = await rt.createContainer(spec);
  await rt.startContainer(id);
  return { node: n.node, id, action };
}

export function ensureNodeContainers(
  rt: DockerRuntime,
  nodes: NodeContainerInput[],
): Promise<NodeContainerResult[]> {
  return Promise.all(nodes.map((n) => ensureNodeContainer(rt, n)));
}

export function summarizeNodeActions(results: NodeContainerResult[]): string {
  const counts = new Map<NodeAction, number>();
  for (const r of results) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  const parts = [...counts].map(([a, c]) => `${c} ${a === 'running' ? 'already running' : a}`);
  return `Node containers ${results.map((r) => r.node).join(', ')} (${parts.join(', ')})`;
}
