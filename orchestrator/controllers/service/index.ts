// The service controller: host-side NodePort/LoadBalancer listeners and the cluster proxy
// (ClusterIPs + DNS), which needs a host that runs the proxy container (ctx.host).
import type { ControllerDescriptor } from '../context.js';
import { startHostPorts } from './host-ports.js';
import { startProxySync } from './proxy-sync.js';

export const serviceController: ControllerDescriptor = {
  name: 'service',
  start(ctx) {
    const hostPorts = startHostPorts(ctx);
    const proxy = ctx.host ? startProxySync(ctx, ctx.host) : undefined;
    return {
      async stop() {
        await hostPorts.stop();
        await proxy?.stop();
      },
    };
  },
};
