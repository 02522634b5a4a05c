// The cluster proxy container's lifecycle, driven from the control plane: created from the node
// image (so nothing is pulled) with NET_ADMIN on the cluster network, the proxy bundle copied in
// before start, and the service table copied in on every change. Stop/delete find it by its
// kubedeck.cluster label like every other container of the cluster.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterLabels, LABEL_ROLE, LABEL_SPEC, networkName, ROLE_NODE } from '../config/names.js';
import { PROXY_BUNDLE_FILE, TABLE_FILE } from '../proxy/table.js';
import type { DockerRuntime } from '../runtime/docker.js';
import { tarFiles } from './tar.js';

export const ROLE_PROXY = 'proxy';

export function proxyContainerName(cluster: string): string {
  return `${cluster}-proxy`;
}

/** dist/proxy.mjs: KUBEDECK_PROXY_BUNDLE, else found walking up from this module (source or dist). */
export function proxyBundlePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBEDECK_PROXY_BUNDLE) return env.KUBEDECK_PROXY_BUNDLE;
  for (let d = path.dirname(fileURLToPath(import.meta.url)), i = 0; i < 6; i++, d = path.dirname(d)) {
    for (const f of [path.join(d, 'proxy.mjs'), path.join(d, 'dist', 'proxy.mjs')])
      if (existsSync(f)) return f;
  }
  return undefined;
}

export interface ProxyHandle {
  id: string;
  ip: string;
}

/** Creates/starts the proxy; undefined while the cluster has no node container (no image to use yet). */
export async function ensureProxyContainer(
  rt: DockerRuntime,
  cluster: string,
): Promise<ProxyHandle | undefined> {
  const nodes = await rt.listContainers({ ...clusterLabels(cluster), [LABEL_ROLE]: ROLE_NODE });
  const image = nodes[0]?.image;
  const bundleFile = proxyBundlePath();
  if (!image || !bundleFile) return undefined;
  const bundle = readFileSync(bundleFile);
  const network = networkName(cluster);
  // Only a new proxy bundle recreates the proxy (not a new node image): a new container may get
  // another address, and running pods route the service range to the current one.
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  const name = proxyContainerName(cluster);
  let info = await rt.inspectContainer(name);
  if (info && info.labels[LABEL_SPEC] !== hash) {
    await rt.removeContainer(info.id, { force: true });
    info = undefined;
  }
  if (!info) {
    const id = await rt.createContainer({
      name,
      hostname: name,
      image,
      labels: { ...clusterLabels(cluster), [LABEL_ROLE]: ROLE_PROXY, [LABEL_SPEC]: hash },
      entrypoint: ['node', '--max-semi-space-size=1', PROXY_BUNDLE_FILE],
      cmd: [],
      env: ['MALLOC_ARENA_MAX=2'],
      networkMode: network,
      capAdd: ['NET_ADMIN'],
      restartPolicy: 'unless-stopped',
    });
    await rt.docker
      .getContainer(id)
      .putArchive(tarFiles([{ path: PROXY_BUNDLE_FILE.slice(1), data: bundle }]), { path: '/' });
    info = await rt.inspectContainer(id);
  }
  if (!info) return undefined;
  if (info.state !== 'running') {
    await rt.startContainer(info.id);
    info = await rt.inspectContainer(info.id);
  }
  const ip = info?.ips[network];
  return info && ip ? { id: info.id, ip } : undefined;
}

export async function copyTable(rt: DockerRuntime, id: string, json: string): Promise<void> {
  await rt.docker
    .getContainer(id)
    .putArchive(tarFiles([{ path: TABLE_FILE.slice(1), data: Buffer.from(json) }]), { path: '/' });
}
