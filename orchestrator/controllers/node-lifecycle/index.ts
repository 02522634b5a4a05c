// Registration of the node lifecycle controller with the controller manager.
import type { ControllerDescriptor } from '../context.js';
import { NodeLifecycleController } from './controller.js';

export const nodeLifecycleController: ControllerDescriptor = {
  name: 'node-lifecycle',
  start(ctx) {
    return new NodeLifecycleController({
      registry: ctx.registry,
      clock: ctx.clock,
      monitorPeriodMs: ctx.settings.nodeMonitorPeriodMs,
      gracePeriodMs: ctx.settings.nodeMonitorGracePeriodMs,
      startupGracePeriodMs: ctx.settings.nodeStartupGracePeriodMs,
      log: ctx.log,
    }).start();
  },
};
