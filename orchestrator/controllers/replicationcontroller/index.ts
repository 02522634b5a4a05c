// Registration of the ReplicationController controller: the ReplicaSet controller run on
// ReplicationControllers through the adapter (upstream NewReplicationManager does the same).
import type { ControllerDescriptor } from '../context.js';
import { ReplicaSetController } from '../replicaset/controller.js';
import { REPLICATION_CONTROLLER_KIND } from './adapter.js';

export const replicationControllerController: ControllerDescriptor = {
  name: 'replicationcontroller',
  start(ctx) {
    const c = new ReplicaSetController(ctx.registry, {
      clock: ctx.clock,
      log: ctx.log,
      kind: REPLICATION_CONTROLLER_KIND,
    });
    c.start();
    return { stop: () => c.stop() };
  },
};
