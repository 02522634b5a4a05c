// The kubelet of the `kubedeck-control-plane` node. The control plane runs inside the app, not in
// a node container, so this node can run no pod. It behaves like a kubelet whose admission
// refuses every pod: the node offers 0 allocatable pods (the scheduler never picks it: "Too many
// pods"), a pod bound to it anyway (spec.nodeName, `kubectl debug node/…`) is failed with
// upstream's OutOfpods rejection, and a pod being deleted there is removed at once, as a kubelet
// does once nothing of the pod runs. So deleting such pods and their namespace completes.
import { findResource } from '../api/resources.js';
import type { Registry } from '../api/registry/registry.js';
import { nowRfc3339 } from '../api/registry/meta.js';
import type { KubeObject } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import { EventRecorder } from '../client/event-recorder.js';
import type { StoreEvent } from '../storage/types.js';

const PODS = findResource('', 'v1', 'pods')!;

/** What the node advertises, and so what the rejection quotes (upstream InsufficientResourceError). */
export const CONTROL_PLANE_ALLOCATABLE_PODS = 0;
const REJECT_REASON = 'OutOfpods';
const REJECT_DETAIL = `Node didn't have enough resource: pods, requested: 1, used: 0, capacity: ${CONTROL_PLANE_ALLOCATABLE_PODS}`;

const isTerminal = (pod: KubeObject) => ['Failed', 'Succeeded'].includes(pod.status?.phase);

export function runControlPlaneKubelet(
  registry: Registry,
  node: string,
  log: (line: string) => void = () => {},
): () => void {
  const events = new EventRecorder(registry, { component: 'kubelet', host: node });
  const pending = new Set<string>();
  let stopped = false;
  let scheduled = false;

  const handle = (namespace: string, name: string) => {
    const pod = registry.tryGet(PODS, namespace, name);
    if (!pod || pod.spec?.nodeName !== node) return;
    if (pod.metadata.deletionTimestamp) {
      // Nothing of the pod runs here: the kubelet's final delete (grace 0, uid precondition).
      registry.delete(PODS, namespace, name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
      return;
    }
    if (isTerminal(pod)) return;
    // upstream rejectPod: an event, then phase Failed with the reason; other conditions stay.
    events.record(pod, 'Warning', REJECT_REASON, REJECT_DETAIL);
    const status = {
      ...(pod.status ?? {}),
      phase: 'Failed',
      reason: REJECT_REASON,
      message: `Pod was rejected: ${REJECT_DETAIL}`,
      startTime: pod.status?.startTime ?? nowRfc3339(),
    };
    registry.update(PODS, namespace, name, { ...pod, status }, { fieldManager: 'kubelet' }, 'status');
  };

  // Writes happen outside the store's watch callback, one batch at a time.
  const drain = () => {
    scheduled = false;
    for (const key of [...pending]) {
      pending.delete(key);
      if (stopped) return;
      const [namespace, name] = key.split('/');
      try {
        handle(namespace, name);
      } catch (e) {
        if (e instanceof StatusError && (e.code === 404 || e.code === 409)) continue;
        log(`control-plane kubelet: pod ${key}: ${(e as Error).message}`);
      }
    }
  };
  const enqueue = (pod: KubeObject) => {
    if (pod.spec?.nodeName !== node) return;
    pending.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };

  const listed = registry.list(PODS, undefined, { fieldSelector: `spec.nodeName=${node}` });
  const watch = registry.watch(PODS, undefined, Number(listed.resourceVersion), (ev: StoreEvent) => {
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') enqueue(ev.obj);
  });
  for (const pod of listed.items) enqueue(pod);
  return () => {
    stopped = true;
    watch.stop();
  };
}
