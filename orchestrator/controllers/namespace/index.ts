// Registration of the namespace controller with the controller manager.
import type { ControllerDescriptor } from '../context.js';
import { NamespaceController } from './controller.js';

export const namespaceController: ControllerDescriptor = {
  name: 'namespace',
  start(ctx) {
    const c = new NamespaceController(ctx.registry, { clock: ctx.clock, log: ctx.log });
    c.start();
    return { stop: () => c.stop() };
  },
};
