// The cluster's Docker bridge network: created once (Docker picks the subnet unless one is set),
// then reused. Node containers and pod sandboxes join it; its gateway is the host side of the
// bridge, where the API server also listens for node agents (Linux).
import net from 'node:net';
import type { DockerRuntime } from '../runtime/docker.js';
import { UserError } from '../config/errors.js';
import { clusterLabels, LABEL_CLUSTER, networkName } from '../config/names.js';

export interface ClusterNetwork {
  name: string;
  subnet?: string;
  gateway?: string;
}

export async function ensureClusterNetwork(
  rt: DockerRuntime,
  cluster: string,
  opts: { subnet?: string } = {},
): Promise<ClusterNetwork & { created: boolean }> {
  const name = networkName(cluster);
  let info = await rt.inspectNetwork(name);
  let created = false;
  if (info && info.labels[LABEL_CLUSTER] !== cluster) {
    throw new UserError(
      `a Docker network named ${name} exists but does not belong to cluster '${cluster}'`,
      `remove it (docker network rm ${name}) or pick another --name`,
    );
  }
  if (!info) {
    try {
      info = await rt.createNetwork(name, { subnet: opts.subnet, labels: clusterLabels(cluster) });
      created = true;
    } catch (err) {
      // Lost a race with a concurrent start: use the one that won.
      info = await rt.inspectNetwork(name);
      if (!info) {
        throw new UserError(`could not create Docker network ${name}: ${(err as Error).message}`);
      }
    }
  }
  return { name, subnet: info.subnet, gateway: info.gateway, created };
}

/**
 * Whether this host owns `ip`, i.e. the API server can listen on it: tried by binding a throwaway
 * socket (a bridge without containers is DOWN and missing from os.networkInterfaces(), yet bindable).
 * True on Linux (the bridge is local); false on Docker Desktop, where the bridge lives in a VM.
 */
export function isLocalAddress(ip: string | undefined): Promise<boolean> {
  if (!ip) return Promise.resolve(false);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port: 0, host: ip, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** What node containers resolve host.docker.internal to: the gateway we listen on, else Docker's host-gateway. */
export async function hostGatewayFor(gateway: string | undefined): Promise<string> {
  return gateway && (await isLocalAddress(gateway)) ? gateway : 'host-gateway';
}
