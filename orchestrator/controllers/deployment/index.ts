// Registration of the deployment controller with the controller manager.
import type { ControllerDescriptor } from '../context.js';
import { startDeploymentController } from './controller.js';

export const deploymentController: ControllerDescriptor = {
  name: 'deployment',
  start: (ctx) => startDeploymentController(ctx.registry, { clock: ctx.clock, log: ctx.log }),
};
