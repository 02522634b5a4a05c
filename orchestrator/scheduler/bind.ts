// The pods/binding subresource's write: sets spec.nodeName (otherwise immutable, hence the
// direct store write) and PodScheduled=True, with a resourceVersion precondition.
import { conflict, notFound } from '../api/errors.js';
import { nowRfc3339 } from '../api/registry/meta.js';
import type { Registry } from '../api/registry/registry.js';
import { findResource } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { StoreError } from '../storage/store.js';

const PODS = findResource('', 'v1', 'pods')!;

export interface BindOptions {
  /** Binding metadata.uid: must equal the pod's uid. */
  uid?: string;
  /** Only bind this revision of the pod (409 Conflict otherwise). */
  resourceVersion?: string;
  /** Binding metadata.annotations, copied onto the pod like upstream. */
  annotations?: Record<string, string>;
  dryRun?: boolean;
  now?: Date;
}

/** Assigns the pod to nodeName; 404 if missing, 409 if already assigned, deleting or changed. */
export function bindPod(
  registry: Registry,
  namespace: string,
  name: string,
  nodeName: string,
  opts: BindOptions = {},
): KubeObject {
  const pod = registry.get(PODS, namespace, name);
  if (opts.uid && opts.uid !== pod.metadata.uid) {
    throw conflict(
      PODS,
      name,
      `Precondition failed: UID in precondition: ${opts.uid}, UID in object meta: ${pod.metadata.uid}`,
    );
  }
  if (opts.resourceVersion && opts.resourceVersion !== pod.metadata.resourceVersion)
    throw conflict(PODS, name);
  if (pod.metadata.deletionTimestamp)
    throw conflict(PODS, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName)
    throw conflict(PODS, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  pod.spec.nodeName = nodeName;
  if (opts.annotations && Object.keys(opts.annotations).length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...opts.annotations };
  }
  const conditions: any[] = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: nowRfc3339(opts.now),
  });
  pod.status = { ...(pod.status ?? {}), conditions };
  if (opts.dryRun) return pod;
  try {
    return registry.store.update(PODS.storage, pod, Number(pod.metadata.resourceVersion));
  } catch (e) {
    if (e instanceof StoreError && e.code === 'Conflict') throw conflict(PODS, name);
    if (e instanceof StoreError && e.code === 'NotFound') throw notFound(PODS, name);
    throw e;
  }
}
