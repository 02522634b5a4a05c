// Registration of the ReplicaSet controller with the controller manager.
import type { ControllerDescriptor } from '../context.js';
import { ReplicaSetController } from './controller.js';

export const replicaSetController: ControllerDescriptor = {
  name: 'replicaset',
  start(ctx) {
    const c = new ReplicaSetController(ctx.registry, { clock: ctx.clock, log: ctx.log });
    c.start();
    return { stop: () => c.stop() };
  },
};
