// The controller manager: starts every controller of the control plane with one shared context
// and stops them in reverse order. Each controller registers itself with one line below.
import type { ControllerContext, ControllerDescriptor, RunningController } from './context.js';
import { endpointsController } from './endpoints/endpoints-controller.js';
import { endpointSliceController } from './endpoints/endpointslice-controller.js';
import { serviceController } from './service/index.js';
import { hpaController } from './hpa/controller.js';
import { deploymentController } from './deployment/index.js';
import { nodeLifecycleController } from './node-lifecycle/index.js';
import { replicaSetController } from './replicaset/index.js';
import { replicationControllerController } from './replicationcontroller/index.js';
import { csrSigningController } from './certificates/index.js';
import { garbageCollectorController } from './garbage-collector/index.js';
import { namespaceController } from './namespace/index.js';

const CONTROLLERS: ControllerDescriptor[] = [
  // one entry per controller, in start order
  endpointsController,
  endpointSliceController,
  serviceController,
  hpaController,
  deploymentController,
  nodeLifecycleController,
  replicaSetController,
  replicationControllerController,
  csrSigningController,
  garbageCollectorController,
  namespaceController,
];

export interface ControllerManager {
  names: string[];
  stop(): Promise<void>;
}

export function startControllers(
  ctx: ControllerContext,
  only?: (name: string) => boolean,
): ControllerManager {
  const running: { name: string; c: RunningController }[] = [];
  for (const d of CONTROLLERS) {
    if (only && !only(d.name)) continue;
    running.push({ name: d.name, c: d.start(ctx) });
  }
  return {
    names: running.map((r) => r.name),
    async stop() {
      for (const r of running.reverse()) {
        try {
          await r.c.stop();
        } catch (err) {
          ctx.log(`stopping controller ${r.name}: ${String(err)}`);
        }
      }
    },
  };
}
