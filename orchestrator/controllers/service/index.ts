// The service controller: host-side NodePort/LoadBalancer listeners and the cluster proxy
// (ClusterIPs + DNS), which needs the Docker engine of the cluster.
import { DockerRuntime } from '../../runtime/docker.js';
import type { ControllerDescriptor } from '../context.js';
import { startHostPorts } from './host-ports.js';
import { startProxySync } from './proxy-sync.js';

export const serviceController: ControllerDescriptor = {
  name: 'service',
  start(ctx) {
    const hostPorts = startHostPorts(ctx);
    const proxy = ctx.runtime instanceof DockerRuntime ? startProxySync(ctx, ctx.runtime) : undefined;
    return {
      async stop() {
        await hostPorts.stop();
        await proxy?.stop();
      },
    };
  },
};
