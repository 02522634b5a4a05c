// The ReplicaSet controller (upstream pkg/controller/replicaset): keeps spec.replicas active pods
// per ReplicaSet — creating in slow-start batches, deleting the best-ranked victims — adopts and
// releases pods, and writes status. Informers on replicasets and pods feed one work queue.
import { StatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import { findResource } from '../../api/resources.js';
import { labelSelectorFromObject, matchLabels } from '../../api/selectors.js';
import type { KubeObject } from '../../api/types.js';
import { realClock, type Clock } from '../../client/clock.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { objectKey } from '../../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';
import { WorkQueue } from '../../client/workqueue.js';
import {
  getControllerOf,
  isPodActive,
  isPodReady,
  msUntilAvailable,
  podKey,
  splitKey,
} from '../util/pod-util.js';
import { runWorker, type SyncResult } from '../util/worker.js';
import { claimPods } from './claim.js';
import { Expectations } from './expectations.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, statusEqual, type ManageError } from './status.js';
import { REPLICA_SET_KIND, type ControlledKind } from './kind.js';

const PODS = findResource('', 'v1', 'pods')!;

/** Upstream BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;
const FIELD_MANAGER = 'kube-controller-manager';

export interface ReplicaSetControllerOptions {
  clock?: Clock;
  log?: (line: string) => void;
  /** Expectations timeout (upstream 5 min). */
  expectationsTtlMs?: number;
  /** The kind managed: ReplicaSets unless an adapter (ReplicationControllers) is given. */
  kind?: ControlledKind;
}

export class ReplicaSetController {
  readonly rsInformer: SharedIndexInformer;
  readonly podInformer: SharedIndexInformer;
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly clock: Clock;
  private readonly recorder: EventRecorder;
  private readonly log: (line: string) => void;
  private readonly kind: ControlledKind;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly registry: Registry,
    opts: ReplicaSetControllerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? (() => {});
    this.kind = opts.kind ?? REPLICA_SET_KIND;
    this.expectations = new Expectations(this.clock, opts.expectationsTtlMs);
    this.queue = new WorkQueue({ clock: this.clock });
    this.recorder = new EventRecorder(
      registry,
      { component: this.kind.component },
      () => new Date(this.clock.now()),
    );
    const byNs = { namespace: (o: KubeObject) => [o.metadata.namespace ?? ''] };
    this.rsInformer = sharedInformer(registry, this.kind.resource, { indexers: byNs });
    this.podInformer = sharedInformer(registry, PODS, {
      indexers: {
        ...byNs,
        controller: (p) => {
          const ref = getControllerOf(p);
          return ref ? [ref.uid] : [];
        },
      },
    });
  }

  start(): void {
    this.rsInformer.addHandlers({
      onAdd: (rs) => this.queue.add(objectKey(rs)),
      onUpdate: (_o, rs) => this.queue.add(objectKey(rs)),
      onDelete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.queue.add(objectKey(rs));
      },
    });
    this.podInformer.addHandlers({
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (o, p) => this.onPodUpdate(o, p),
      onDelete: (p) => this.onPodDelete(p),
    });
    this.rsInformer.start();
    this.podInformer.start();
    this.loop = runWorker(
      this.queue,
      (key) => this.sync(key),
      (key, err) =>
        this.log(
          `${this.kind.logName} ${key}: sync failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
    );
  }

  stop(): void {
    this.queue.shutdown();
    this.rsInformer.stop();
    this.podInformer.stop();
  }

  async whenStopped(): Promise<void> {
    await this.loop;
  }

  // ---- pod events (upstream addPod/updatePod/deletePod) -------------------------------------

  /** The ReplicaSet a controller reference points at, if it exists with that uid. */
  private resolve(pod: KubeObject, ref = getControllerOf(pod)): KubeObject | undefined {
    if (!ref || ref.kind !== this.kind.kind) return undefined;
    const rs = this.getSet(pod.metadata.namespace ?? '', ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** A managed object from the cache, seen as a ReplicaSet. */
  private getSet(namespace: string, name: string): KubeObject | undefined {
    const obj = this.rsInformer.get(namespace, name);
    return obj && this.kind.asReplicaSet(obj);
  }

  private setsIn(namespace: string): KubeObject[] {
    return this.rsInformer.byIndex('namespace', namespace).map((o) => this.kind.asReplicaSet(o));
  }

  /** ReplicaSets in the pod's namespace whose selector matches it (orphan adoption candidates). */
  private matchingSets(pod: KubeObject): KubeObject[] {
    return this.setsIn(pod.metadata.namespace ?? '').filter((rs) => selects(rs, pod));
  }

  private onPodAdd(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.onPodDelete(pod);
    const rs = this.resolve(pod);
    if (rs) {
      this.expectations.creationObserved(objectKey(rs));
      this.queue.add(objectKey(rs));
      return;
    }
    if (!getControllerOf(pod)) for (const s of this.matchingSets(pod)) this.queue.add(objectKey(s));
  }

  private onPodUpdate(old: KubeObject, pod: KubeObject): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged =
      JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      // A graceful delete counts as observed now: the pod is no longer active.
      this.onPodDelete(pod);
      if (labelsChanged) this.onPodDelete(old);
      return;
    }
    const oldRef = getControllerOf(old);
    const ref = getControllerOf(pod);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const was = this.resolve(old, oldRef);
      if (was) this.queue.add(objectKey(was));
    }
    const rs = this.resolve(pod, ref);
    if (rs) {
      this.queue.add(objectKey(rs));
      // Becoming ready starts the minReadySeconds wait for availability.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod))
        this.queue.addAfter(objectKey(rs), minReady * 1000);
      return;
    }
    if (!ref && (labelsChanged || oldRef))
      for (const s of this.matchingSets(pod)) this.queue.add(objectKey(s));
  }

  private onPodDelete(pod: KubeObject): void {
    const rs = this.resolve(pod);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  // ---- sync ---------------------------------------------------------------------------------

  sync(key: string): SyncResult {
    const { namespace, name } = splitKey(key);
    const rs = this.getSet(namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const active = this.podInformer.byIndex('namespace', namespace).filter(isPodActive);
    const pods = claimPods(this.registry, rs, active, (p) => selects(rs, p), this.kind);
    let manageErr: ManageError | undefined;
    if (needsSync) manageErr = this.manageReplicas(rs, pods);
    const now = this.clock.now();
    const status = calculateStatus(rs, pods, manageErr, now);
    const updated = this.updateStatus(rs, status);
    if (manageErr) throw new Error(manageErr.message);
    // Requeue when the next ready pod becomes available (upstream: after minReadySeconds).
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && updated.readyReplicas !== updated.availableReplicas) {
      const waits = pods.map((p) => msUntilAvailable(p, minReady, now)).filter((ms) => ms > 0);
      if (waits.length) return { requeueAfterMs: Math.min(...waits) + 1 };
    }
  }

  /** Creates or deletes pods towards spec.replicas; returns the first error, if any. */
  private manageReplicas(rs: KubeObject, pods: KubeObject[]): ManageError | undefined {
    const key = objectKey(rs);
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count);
      return this.createInBatches(rs, count);
    }
    if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const related = this.relatedPods(rs);
      const victims = podsToDelete(pods, related, count, this.clock.now());
      this.expectations.expectDeletions(key, victims.map(podKey));
      let err: ManageError | undefined;
      for (const pod of victims) {
        try {
          this.registry.delete(PODS, pod.metadata.namespace!, pod.metadata.name!, {});
          this.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (e) {
          this.expectations.deletionObserved(key, podKey(pod));
          if (e instanceof StatusError && e.code === 404) continue;
          const message = errorText(e);
          this.recorder.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${message}`);
          err ??= { reason: 'FailedDelete', message };
        }
      }
      return err;
    }
    return undefined;
  }

  /** Slow start: batches of 1, 2, 4, … so a failing template costs few API calls. */
  private createInBatches(rs: KubeObject, count: number): ManageError | undefined {
    const key = objectKey(rs);
    let remaining = count;
    let batch = Math.min(remaining, 1);
    while (batch > 0) {
      let err: ManageError | undefined;
      for (let i = 0; i < batch; i++) {
        try {
          const pod = this.registry.create(PODS, rs.metadata.namespace!, podFromTemplate(rs, this.kind), {
            fieldManager: FIELD_MANAGER,
          });
          this.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (e) {
          this.expectations.creationObserved(key);
          const message = errorText(e);
          // Creating into a terminating namespace is expected; upstream records no event then.
          if (!isNamespaceTerminating(e))
            this.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`);
          err ??= { reason: 'FailedCreate', message };
        }
      }
      remaining -= batch;
      if (err) {
        // The rest of this sync's creates are skipped; stop expecting them.
        for (let i = 0; i < remaining; i++) this.expectations.creationObserved(key);
        return err;
      }
      batch = Math.min(2 * batch, remaining);
    }
    return undefined;
  }

  /** Pods of every ReplicaSet with the same controller owner (a Deployment's RSs), for co-location ranking. */
  private relatedPods(rs: KubeObject): KubeObject[] {
    const owner = getControllerOf(rs);
    const sets = owner
      ? this.setsIn(rs.metadata.namespace ?? '').filter((s) => getControllerOf(s)?.uid === owner.uid)
      : [rs];
    return sets.flatMap((s) => this.podInformer.byIndex('controller', s.metadata.uid!));
  }

  private updateStatus(rs: KubeObject, status: Record<string, any>): Record<string, any> {
    if (statusEqual(rs.status, status)) return status;
    const fresh = this.registry.tryGet(this.kind.resource, rs.metadata.namespace!, rs.metadata.name!);
    if (!fresh || fresh.metadata.uid !== rs.metadata.uid) return status;
    this.registry.update(
      this.kind.resource,
      rs.metadata.namespace!,
      rs.metadata.name!,
      { ...fresh, status },
      { fieldManager: FIELD_MANAGER },
      'status',
    );
    return status;
  }
}

/** Whether the ReplicaSet's selector matches the pod (an empty or missing selector matches nothing). */
export function selects(rs: KubeObject, pod: KubeObject): boolean {
  const sel = rs.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length))
    return false;
  return matchLabels(labelSelectorFromObject(sel), pod.metadata.labels ?? {});
}

/** A new pod from the template: generateName `<rs>-`, template metadata, controller reference. */
export function podFromTemplate(rs: KubeObject, kind: ControlledKind = REPLICA_SET_KIND): KubeObject {
  const t = rs.spec?.template ?? {};
  const meta = t.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [
        {
          apiVersion: kind.apiVersion,
          kind: kind.kind,
          name: rs.metadata.name!,
          uid: rs.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(t.spec ?? {}),
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isNamespaceTerminating(e: unknown): boolean {
  return e instanceof StatusError && !!e.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}
