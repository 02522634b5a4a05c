// The horizontal-pod-autoscaler controller: an informer on HPAs feeds a queue; every HPA is
// reconciled on change and then every syncPeriod (upstream's resync). It also starts the shared
// metrics collector that metrics.k8s.io serves from (this cluster's metrics-server).
import { EventRecorder } from '../../client/event-recorder.js';
import { objectKey } from '../../client/informer.js';
import { sharedInformer } from '../../client/shared-informers.js';
import { runWorker, WorkQueue } from '../../client/workqueue.js';
import { acquireMetrics, metricsSourceFor } from '../../metrics/source.js';
import type { ControllerContext, ControllerDescriptor, RunningController } from '../context.js';
import { Autoscaler, HPA_INFO } from './reconcile.js';

export const CONTROLLER_NAME = 'horizontal-pod-autoscaler';

export function startHPAController(ctx: ControllerContext): RunningController {
  const metrics = acquireMetrics({
    registry: ctx.registry,
    runtime: ctx.runtime,
    cluster: ctx.cluster,
    log: ctx.log,
  });
  const recorder = new EventRecorder(
    ctx.registry,
    { component: CONTROLLER_NAME },
    () => new Date(ctx.clock.now()),
  );
  const autoscaler = new Autoscaler({
    registry: ctx.registry,
    clock: ctx.clock,
    settings: ctx.settings.hpa,
    // Looked up on every sync so a source registered later (tests) is seen.
    metrics: () => metricsSourceFor(ctx.registry) ?? metrics.source,
    recorder,
  });
  const queue = new WorkQueue<string>({ clock: ctx.clock });
  const informer = sharedInformer(ctx.registry, HPA_INFO);
  informer.addHandlers({
    onAdd: (o) => queue.add(objectKey(o)),
    onUpdate: (a, b) => {
      // Our own status writes must not trigger a sync; spec changes do.
      if (JSON.stringify(a.spec) !== JSON.stringify(b.spec)) queue.add(objectKey(b));
    },
    onDelete: (o) => autoscaler.forget(objectKey(o)),
  });
  informer.start();
  const worker = runWorker(
    queue,
    (key) => {
      const hpa = informer.get(key);
      if (!hpa) {
        autoscaler.forget(key);
        return;
      }
      try {
        autoscaler.reconcile(hpa);
      } finally {
        queue.addAfter(key, ctx.settings.hpa.syncPeriodMs);
      }
    },
    (key, err) => ctx.log(`${CONTROLLER_NAME}: ${key}: ${String(err)}`),
  );
  return {
    async stop() {
      queue.shutdown();
      informer.stop();
      await worker;
      await metrics.release();
    },
  };
}

export const hpaController: ControllerDescriptor = { name: CONTROLLER_NAME, start: startHPAController };
