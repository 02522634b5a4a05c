// Registration of the CSR signing controller (upstream "csrsigning"); it needs the cluster CA.
import type { ControllerDescriptor } from '../context.js';
import { CsrSigningController } from './controller.js';

export const csrSigningController: ControllerDescriptor = {
  name: 'csrsigning',
  start(ctx) {
    if (!ctx.ca) {
      ctx.log('csrsigning: no cluster CA given; CertificateSigningRequests stay unsigned');
      return { stop: () => {} };
    }
    const c = new CsrSigningController(ctx.registry, { ca: ctx.ca, clock: ctx.clock, log: ctx.log });
    c.start();
    return { stop: () => c.stop() };
  },
};
