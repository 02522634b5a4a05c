// The loop both endpoint controllers share (upstream's service/pod informer wiring): a queue of
// Service keys, fed by Service changes and by pod changes in the namespace of a selecting Service.
import { findResource } from '../../api/resources.js';
import { labelSelectorFromObject, matchLabels } from '../../api/selectors.js';
import type { KubeObject } from '../../api/types.js';
import { objectKey } from '../../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';
import { runWorker, WorkQueue } from '../../client/workqueue.js';
import type { ControllerContext, RunningController } from '../context.js';

export const SERVICES = findResource('', 'v1', 'services')!;
export const PODS = findResource('', 'v1', 'pods')!;

export interface ServicePodLoop {
  services: SharedIndexInformer;
  pods: SharedIndexInformer;
  /** Pods selected by a Service (none for a Service without selector). */
  podsFor(svc: KubeObject): KubeObject[];
}

export function selects(svc: KubeObject, pod: KubeObject): boolean {
  const sel = svc.spec?.selector;
  if (!sel || !Object.keys(sel).length) return false;
  return matchLabels(labelSelectorFromObject({ matchLabels: sel }), pod.metadata.labels);
}

/**
 * Starts the informers and the worker; `sync(ns, name, loop)` reconciles one Service key (the
 * Service may be gone). `extra` informers (e.g. the controller's own output kind) may enqueue keys.
 */
export function startServicePodLoop(
  ctx: ControllerContext,
  name: string,
  sync: (ns: string, svcName: string, loop: ServicePodLoop) => void | Promise<void>,
  extra: (enqueue: (key: string) => void) => SharedIndexInformer[] = () => [],
): RunningController {
  const byNs = { namespace: (o: KubeObject) => [o.metadata.namespace ?? ''] };
  const services = sharedInformer(ctx.registry, SERVICES, { indexers: byNs });
  const pods = sharedInformer(ctx.registry, PODS, { indexers: byNs });
  const queue = new WorkQueue<string>({ clock: ctx.clock });
  const loop: ServicePodLoop = {
    services,
    pods,
    podsFor: (svc) => pods.byIndex('namespace', svc.metadata.namespace ?? '').filter((p) => selects(svc, p)),
  };
  const enqueue = (key: string) => queue.add(key);
  const podChanged = (...objs: KubeObject[]) => {
    const ns = objs[0].metadata.namespace ?? '';
    for (const svc of services.byIndex('namespace', ns)) {
      if (objs.some((p) => selects(svc, p))) queue.add(objectKey(svc));
    }
  };
  services.addHandlers({
    onAdd: (s) => enqueue(objectKey(s)),
    onUpdate: (_o, s) => enqueue(objectKey(s)),
    onDelete: (s) => enqueue(objectKey(s)),
  });
  pods.addHandlers({
    onAdd: (p) => podChanged(p),
    onUpdate: (o, p) => podChanged(o, p),
    onDelete: (p) => podChanged(p),
  });
  const others = extra(enqueue);
  services.start();
  pods.start();
  for (const i of others) i.start();
  void runWorker(
    queue,
    async (key) => {
      const [ns, n] = key.split('/') as [string, string];
      await sync(ns, n, loop);
    },
    (key, err) => ctx.log(`${name}: syncing ${key}: ${(err as Error).message ?? String(err)}`),
  );
  return {
    stop() {
      queue.shutdown();
      services.stop();
      pods.stop();
      for (const i of others) i.stop();
    },
  };
}
