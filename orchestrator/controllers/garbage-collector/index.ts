// Registration of the garbage collector with the controller manager.
import type { ControllerDescriptor } from '../context.js';
import { GarbageCollector } from './collector.js';

export const garbageCollectorController: ControllerDescriptor = {
  name: 'garbage-collector',
  start(ctx) {
    const gc = new GarbageCollector(ctx.registry, { clock: ctx.clock, log: ctx.log });
    gc.start();
    return { stop: () => gc.stop() };
  },
};
