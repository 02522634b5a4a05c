// The garbage collector (upstream pkg/controller/garbagecollector): deletes objects whose owners
// are all gone (Background), empties owners deleted in the Foreground (foregroundDeletion
// finalizer: dependents first, those with blockOwnerDeletion awaited, then the finalizer goes) and
// honours the `orphan` finalizer. Every cached object is checked at start, so owners deleted while
// the control plane was down still have their dependents collected.
import { StatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import { findByKind } from '../../api/resources.js';
import type { KubeObject, OwnerReference, ResourceInfo } from '../../api/types.js';
import { realClock, type Clock } from '../../client/clock.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorker, type SyncResult } from '../util/worker.js';
import { itemKey, OwnershipGraph, type Node } from './graph.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';
const FIELD_MANAGER = 'kube-controller-manager';
const SMP = 'application/strategic-merge-patch+json';

export interface GarbageCollectorOptions {
  clock?: Clock;
  log?: (line: string) => void;
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector {
  readonly graph: OwnershipGraph;
  readonly queue: WorkQueue<string>;
  private readonly log: (line: string) => void;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly registry: Registry,
    opts: GarbageCollectorOptions = {},
  ) {
    this.log = opts.log ?? (() => {});
    this.queue = new WorkQueue({ clock: opts.clock ?? realClock });
    this.graph = new OwnershipGraph(registry);
  }

  start(): void {
    this.graph.addHandlers((info) => ({
      onAdd: (o) => this.onChange(info, undefined, o),
      onUpdate: (old, o) => this.onChange(info, old, o),
      onDelete: (o) => this.onDelete(o),
    }));
    this.graph.start();
    this.loop = runWorker(
      this.queue,
      (key) => this.sync(key),
      (key, err) => this.log(`garbage-collector ${key}: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  stop(): void {
    this.queue.shutdown();
    this.graph.stop();
  }

  async whenStopped(): Promise<void> {
    await this.loop;
  }

  // ---- graph changes (upstream processGraphChanges) -----------------------------------------

  private onChange(info: ResourceInfo, old: KubeObject | undefined, obj: KubeObject): void {
    const key = itemKey(info, obj);
    const m = obj.metadata;
    const refsChanged =
      !old || JSON.stringify(old.metadata.ownerReferences) !== JSON.stringify(m.ownerReferences);
    const finalizersChanged =
      !old ||
      JSON.stringify(old.metadata.finalizers) !== JSON.stringify(m.finalizers) ||
      !!old.metadata.deletionTimestamp !== !!m.deletionTimestamp;
    if (m.ownerReferences?.length && refsChanged) this.queue.add(key);
    if (m.deletionTimestamp && finalizersChanged && hasFinalizer(obj, FOREGROUND, ORPHAN)) {
      this.queue.add(key);
      if (hasFinalizer(obj, FOREGROUND))
        for (const d of this.graph.dependents(m.uid!)) this.queue.add(itemKey(d.info, d.obj));
    }
    // A dependent starting deletion may unblock nothing yet, but one whose refs changed may.
    if (old && refsChanged) this.enqueueWaitingOwners(old);
  }

  private onDelete(obj: KubeObject): void {
    // Dependents of a vanished owner may now be garbage.
    for (const d of this.graph.dependents(obj.metadata.uid!)) this.queue.add(itemKey(d.info, d.obj));
    // A foreground-deleting owner may be waiting for exactly this dependent.
    this.enqueueWaitingOwners(obj);
  }

  private enqueueWaitingOwners(obj: KubeObject): void {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = this.graph.byUid(ref.uid);
      if (owner?.obj.metadata.deletionTimestamp && hasFinalizer(owner.obj, FOREGROUND))
        this.queue.add(itemKey(owner.info, owner.obj));
    }
  }

  // ---- sync -----------------------------------------------------------------------------------

  sync(key: string): SyncResult {
    const node = this.graph.get(key);
    if (!node) return;
    const m = node.obj.metadata;
    if (m.deletionTimestamp && hasFinalizer(node.obj, ORPHAN)) return this.orphanDependents(node);
    if (m.deletionTimestamp && hasFinalizer(node.obj, FOREGROUND)) this.processDeletingDependents(node);
    else if (m.deletionTimestamp) return; // already going
    if (m.ownerReferences?.length) this.attemptToDelete(node);
  }

  /** Deletes the object if none of its owners is solid (upstream attemptToDeleteItem). */
  private attemptToDelete(node: Node): void {
    const obj = node.obj;
    const refs = obj.metadata.ownerReferences ?? [];
    const states = refs.map((r) => ({ ref: r, state: this.ownerState(obj, r) }));
    const solid = states.filter((s) => s.state === 'solid');
    const dangling = states.filter((s) => s.state === 'dangling');
    const waiting = states.filter((s) => s.state === 'waiting');
    if (solid.length) {
      // Still owned: only drop the references to owners that are gone or going.
      const drop = [...dangling, ...waiting].map((s) => s.ref.uid);
      if (drop.length)
        this.patchRefs(
          node,
          drop.map((uid) => ({ $patch: 'delete', uid })),
        );
      return;
    }
    if (obj.metadata.deletionTimestamp && !hasFinalizer(obj, FOREGROUND)) return;
    const deps = this.graph.dependents(obj.metadata.uid!);
    if (waiting.length && deps.length) {
      // An owner waits for us and we have dependents: go in the foreground too, so the owner keeps
      // waiting for the whole chain. If a dependent is itself deleting its dependents there may be
      // a cycle; then our references stop blocking (upstream's cycle breaker).
      const cycle = deps.some((d) => d.obj.metadata.deletionTimestamp && hasFinalizer(d.obj, FOREGROUND));
      const unblock = waiting
        .filter((s) => s.ref.blockOwnerDeletion)
        .map((s) => ({ uid: s.ref.uid, blockOwnerDeletion: false }));
      if (cycle && unblock.length) this.patchRefs(node, unblock);
      return this.deleteObject(node, 'Foreground');
    }
    const policy = hasFinalizer(obj, ORPHAN)
      ? 'Orphan'
      : hasFinalizer(obj, FOREGROUND)
        ? 'Foreground'
        : 'Background';
    this.deleteObject(node, policy);
  }

  /** solid: exists and not foreground-deleting; waiting: foreground-deleting; dangling: gone. */
  private ownerState(obj: KubeObject, ref: OwnerReference): OwnerState {
    const cached = this.graph.byUid(ref.uid);
    let owner = cached?.obj;
    if (!owner) {
      // Not in our caches: confirm against the store before calling it gone (upstream does a live GET).
      const info = findByKind(ref.apiVersion, ref.kind);
      if (!info) return 'solid'; // unknown kind: never delete on a guess
      const live = this.registry.tryGet(
        info,
        info.namespaced ? (obj.metadata.namespace ?? '') : '',
        ref.name,
      );
      if (!live || live.metadata.uid !== ref.uid) return 'dangling';
      owner = live;
    }
    if (owner.metadata.deletionTimestamp && hasFinalizer(owner, FOREGROUND)) return 'waiting';
    return 'solid';
  }

  /**
   * Foreground deletion of an owner: delete every dependent, wait for those that block owner
   * deletion, then remove the finalizer (upstream processDeletingDependentsItem).
   */
  private processDeletingDependents(node: Node): void {
    const uid = node.obj.metadata.uid!;
    const deps = this.graph.dependents(uid);
    const blocking = deps.filter((d) =>
      d.obj.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion),
    );
    for (const d of deps) {
      if (!d.obj.metadata.deletionTimestamp) this.queue.add(itemKey(d.info, d.obj));
    }
    if (blocking.length === 0) this.removeFinalizer(node, FOREGROUND);
  }

  /** Removes our references from every dependent, then the orphan finalizer (upstream orphanDependents). */
  private orphanDependents(node: Node): void {
    const uid = node.obj.metadata.uid!;
    for (const d of this.graph.dependents(uid)) {
      const others = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      this.patchRefs(d, others.length ? [{ $patch: 'delete', uid }] : null);
    }
    this.removeFinalizer(node, ORPHAN);
  }

  // ---- writes ---------------------------------------------------------------------------------

  private deleteObject(node: Node, propagationPolicy: 'Background' | 'Foreground' | 'Orphan'): void {
    const m = node.obj.metadata;
    try {
      this.registry.delete(node.info, m.namespace ?? '', m.name!, {
        propagationPolicy,
        preconditions: { uid: m.uid },
      });
    } catch (e) {
      if (e instanceof StatusError && (e.code === 404 || e.code === 409)) return;
      throw e;
    }
  }

  /** Strategic-merge patch of ownerReferences (merge key uid); null removes the field. */
  private patchRefs(node: Node, refs: Record<string, unknown>[] | null): void {
    const m = node.obj.metadata;
    const body = JSON.stringify({ metadata: { ownerReferences: refs, uid: m.uid } });
    try {
      this.registry.patch(node.info, m.namespace ?? '', m.name!, SMP, body, { fieldManager: FIELD_MANAGER });
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) return;
      throw e;
    }
  }

  private removeFinalizer(node: Node, finalizer: string): void {
    const m = node.obj.metadata;
    const fresh = this.registry.tryGet(node.info, m.namespace ?? '', m.name!);
    if (!fresh || fresh.metadata.uid !== m.uid || !fresh.metadata.finalizers?.includes(finalizer)) return;
    const finalizers = fresh.metadata.finalizers.filter((f) => f !== finalizer);
    const next = {
      ...fresh,
      metadata: { ...fresh.metadata, finalizers: finalizers.length ? finalizers : undefined },
    };
    if (!finalizers.length) delete next.metadata.finalizers;
    this.registry.update(node.info, m.namespace ?? '', m.name!, next, { fieldManager: FIELD_MANAGER });
  }
}

function hasFinalizer(obj: KubeObject, ...names: string[]): boolean {
  return (obj.metadata.finalizers ?? []).some((f) => names.includes(f));
}
