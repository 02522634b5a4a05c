// Finding, stopping and removing everything a cluster owns on the engine (label kubedeck.cluster).
import type { DockerRuntime } from '../runtime/docker.js';
import type { ContainerInfo } from '../runtime/types.js';
import { clusterLabels, LABEL_NODE, LABEL_ROLE, ROLE_NODE } from '../config/names.js';

export interface NodeContainerStatus {
  node: string;
  container: string;
  state: string;
  ip?: string;
}

export async function listNodeContainers(rt: DockerRuntime, cluster: string): Promise<NodeContainerStatus[]> {
  const list = await rt.listContainers({ ...clusterLabels(cluster), [LABEL_ROLE]: ROLE_NODE });
  return list
    .map((c) => ({
      node: c.labels[LABEL_NODE] ?? c.name,
      container: c.name,
      state: c.state,
      ip: Object.values(c.ips)[0],
    }))
    .sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true }));
}

/**
 * Stops node containers first (so no agent restarts a pod meanwhile), then every other container
 * of the cluster (pods). Containers are kept. Returns how many were running.
 */
export async function stopClusterContainers(
  rt: DockerRuntime,
  cluster: string,
  opts: { nodeGraceSeconds?: number; podGraceSeconds?: number } = {},
): Promise<{ nodes: number; pods: number }> {
  const all = await rt.listContainers(clusterLabels(cluster));
  const running = (c: ContainerInfo) =>
    c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
  const nodes = all.filter((c) => c.labels[LABEL_ROLE] === ROLE_NODE && running(c));
  const pods = all.filter((c) => c.labels[LABEL_ROLE] !== ROLE_NODE && running(c));
  await Promise.all(nodes.map((c) => rt.stopContainer(c.id, opts.nodeGraceSeconds ?? 10)));
  await Promise.all(pods.map((c) => rt.stopContainer(c.id, opts.podGraceSeconds ?? 10)));
  return { nodes: nodes.length, pods: pods.length };
}

/** Removes every container (forced, with anonymous volumes), network and volume of the cluster. */
export async function removeClusterObjects(
  rt: DockerRuntime,
  cluster: string,
): Promise<{ containers: number; networks: number; volumes: number }> {
  const labels = clusterLabels(cluster);
  // Node containers first: their agents create pod containers until they are gone. Then sweep
  // until nothing labelled is left (a pod container created mid-sweep is caught by the next pass).
  let removed = 0;
  const nodes = (await rt.listContainers(labels)).filter((c) => c.labels[LABEL_ROLE] === ROLE_NODE);
  await Promise.all(nodes.map((c) => rt.removeContainer(c.id, { force: true, volumes: true })));
  removed += nodes.length;
  for (let pass = 0; pass < 5; pass++) {
    const rest = await rt.listContainers(labels);
    if (!rest.length) break;
    await Promise.all(rest.map((c) => rt.removeContainer(c.id, { force: true, volumes: true })));
    removed += rest.length;
  }
  const networks = await rt.listNetworks(labels);
  for (const n of networks) await rt.removeNetwork(n.id);
  const filters = JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });
  const { Volumes } = await rt.docker.listVolumes({ filters } as object);
  for (const v of Volumes ?? []) {
    await rt.docker
      .getVolume(v.Name)
      .remove()
      .catch((err: { statusCode?: number }) => {
        if (err?.statusCode !== 404) throw err;
      });
  }
  return { containers: removed, networks: networks.length, volumes: (Volumes ?? []).length };
}

/** Last lines of a container's output (for "node not Ready" diagnostics). */
export async function containerLogTail(rt: DockerRuntime, id: string, lines = 15): Promise<string[]> {
  try {
    const stream = await rt.logs(id, { tail: lines });
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return text.split('\n').filter((l) => l.trim());
  } catch {
    return [];
  }
}

/**
 * Files the agent (root inside its container) created under the state dir may not be removable by
 * a non-root user. Removes `dir`'s contents through a short-lived container of `image` instead.
 */
export async function removeDirViaContainer(
  rt: DockerRuntime,
  image: string,
  dir: string,
  cluster: string,
): Promise<void> {
  const id = await rt.createContainer({
    name: `${cluster}-cleanup-${Date.now().toString(36)}`,
    image,
    labels: clusterLabels(cluster),
    entrypoint: [
      'node',
      '-e',
      `for (const f of require('fs').readdirSync('/x')) require('fs').rmSync('/x/' + f, { recursive: true, force: true })`,
    ],
    binds: [`${dir}:/x`],
    networkMode: 'none',
  });
  try {
    await rt.startContainer(id);
    await rt.waitContainer(id);
  } finally {
    await rt.removeContainer(id, { force: true });
  }
}
