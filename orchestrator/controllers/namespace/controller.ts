// The namespace controller (upstream pkg/controller/namespace): a deleted namespace is Terminating
// until this controller has deleted everything in it — pods gracefully, so their containers get
// SIGTERM — and then removed its `kubernetes` spec finalizer, which lets the namespace go.
import { StatusError } from '../../api/errors.js';
import { nowRfc3339 } from '../../api/registry/meta.js';
import type { Registry } from '../../api/registry/registry.js';
import { findResource, RESOURCES } from '../../api/resources.js';
import type { KubeObject, ResourceInfo } from '../../api/types.js';
import { realClock, type Clock } from '../../client/clock.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';
import { WorkQueue } from '../../client/workqueue.js';
import { runWorker, type SyncResult } from '../util/worker.js';
import { deletionConditions, mergeConditions, type DeletionProgress } from './conditions.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
export const NAMESPACE_FINALIZER = 'kubernetes';
const FIELD_MANAGER = 'kube-controller-manager';

export interface NamespaceControllerOptions {
  clock?: Clock;
  log?: (line: string) => void;
  /** How often a namespace whose content is still going is checked again (default 1 s). */
  recheckMs?: number;
}

/** One ResourceInfo per stored namespaced resource. */
function namespacedResources(): ResourceInfo[] {
  const seen = new Set<string>();
  return RESOURCES.filter((r) => {
    if (!r.namespaced || r.storageVersion !== r.version || seen.has(r.storage)) return false;
    seen.add(r.storage);
    return true;
  });
}

export class NamespaceController {
  readonly informer: SharedIndexInformer;
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;
  private readonly recheckMs: number;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly registry: Registry,
    opts: NamespaceControllerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? (() => {});
    this.recheckMs = opts.recheckMs ?? 1000;
    this.queue = new WorkQueue({ clock: this.clock });
    this.informer = sharedInformer(registry, NAMESPACES);
  }

  start(): void {
    const enqueue = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    };
    this.informer.addHandlers({ onAdd: enqueue, onUpdate: (_o, ns) => enqueue(ns) });
    this.informer.start();
    this.loop = runWorker(
      this.queue,
      (name) => this.sync(name),
      (name, err) => this.log(`namespace ${name}: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  stop(): void {
    this.queue.shutdown();
    this.informer.stop();
  }

  async whenStopped(): Promise<void> {
    await this.loop;
  }

  sync(name: string): SyncResult {
    const ns = this.registry.tryGet(NAMESPACES, '', name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    if (!ns.spec?.finalizers?.includes(NAMESPACE_FINALIZER)) return this.deleteIfFinalized(ns);
    const progress = this.deleteContent(name);
    this.writeConditions(ns, progress);
    if (progress.remaining.size || progress.failures.length) return { requeueAfterMs: this.recheckMs };
    this.finalize(name);
  }

  /** Deletes every object in the namespace that is not already going; reports what is left. */
  private deleteContent(namespace: string): DeletionProgress {
    const p: DeletionProgress = { failures: [], remaining: new Map(), finalizers: new Map() };
    for (const info of namespacedResources()) {
      const { items } = this.registry.list(info, namespace);
      for (const obj of items) {
        if (!obj.metadata.deletionTimestamp) {
          try {
            const r = this.registry.delete(info, namespace, obj.metadata.name!, {
              preconditions: { uid: obj.metadata.uid },
            });
            if (r.deleted) continue;
          } catch (e) {
            if (e instanceof StatusError && (e.code === 404 || e.code === 409)) continue;
            p.failures.push(`${info.resource}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        p.remaining.set(info.resource, (p.remaining.get(info.resource) ?? 0) + 1);
        for (const f of this.registry.tryGet(info, namespace, obj.metadata.name!)?.metadata.finalizers ?? [])
          p.finalizers.set(f, (p.finalizers.get(f) ?? 0) + 1);
      }
    }
    return p;
  }

  private writeConditions(ns: KubeObject, p: DeletionProgress): void {
    const conditions = mergeConditions(ns, deletionConditions(p), nowRfc3339(new Date(this.clock.now())));
    if (JSON.stringify(conditions) === JSON.stringify(ns.status?.conditions ?? [])) return;
    const status = { ...(ns.status ?? {}), phase: 'Terminating', conditions };
    try {
      this.registry.update(
        NAMESPACES,
        '',
        ns.metadata.name!,
        { ...ns, status },
        { fieldManager: FIELD_MANAGER },
        'status',
      );
    } catch (e) {
      if (!(e instanceof StatusError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  /** Removes our spec finalizer (the `finalize` subresource); the namespace goes when none remain. */
  private finalize(name: string): void {
    const ns = this.registry.tryGet(NAMESPACES, '', name);
    if (!ns) return;
    const finalizers = (ns.spec?.finalizers ?? []).filter((f: string) => f !== NAMESPACE_FINALIZER);
    this.registry.update(
      NAMESPACES,
      '',
      name,
      { ...ns, spec: { ...ns.spec, finalizers } },
      { fieldManager: FIELD_MANAGER },
      'finalize',
    );
    const after = this.registry.tryGet(NAMESPACES, '', name);
    if (after) this.deleteIfFinalized(after);
  }

  private deleteIfFinalized(ns: KubeObject): void {
    if (ns.spec?.finalizers?.length || ns.metadata.finalizers?.length) return;
    try {
      this.registry.delete(NAMESPACES, '', ns.metadata.name!, { preconditions: { uid: ns.metadata.uid } });
    } catch (e) {
      if (!(e instanceof StatusError && (e.code === 404 || e.code === 409))) throw e;
    }
  }
}
