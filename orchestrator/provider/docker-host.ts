// The Docker implementation of what controllers ask of the host (controllers/context.ts's
// ClusterHost): the cluster network's gateway and the cluster proxy container. Controllers get it
// through their context and never see Docker themselves.
import { networkName } from '../config/names.js';
import type { DockerRuntime } from '../runtime/docker.js';
import { copyTable, ensureProxyContainer, type ProxyHandle } from './proxy-container.js';

export interface DockerClusterHost {
  networkGateway(): Promise<string | undefined>;
  ensureProxy(): Promise<ProxyHandle | undefined>;
  pushProxyTable(proxyId: string, json: string): Promise<void>;
}

export function dockerClusterHost(rt: DockerRuntime, cluster: string): DockerClusterHost {
  return {
    async networkGateway() {
      const net = await rt.inspectNetwork(networkName(cluster)).catch(() => undefined);
      return net?.gateway;
    },
    ensureProxy: () => ensureProxyContainer(rt, cluster),
    pushProxyTable: (id, json) => copyTable(rt, id, json),
  };
}
