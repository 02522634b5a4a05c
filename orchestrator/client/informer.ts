// An in-process informer: lists a resource, then watches the registry from the list's revision,
// keeping an indexed cache and notifying handlers. The store delivers events synchronously (in
// the middle of someone's write), so the cache is updated at once but handlers run later, in
// order, from a queue: a handler may then write to the registry safely.
import type { Registry, Selectors } from '../api/registry/registry.js';
import { StatusError } from '../api/errors.js';
import type { KubeObject, ResourceInfo } from '../api/types.js';
import type { StoreEvent, WatchHandle } from '../storage/types.js';

export type IndexFunc = (obj: KubeObject) => string[];

export interface InformerOptions {
  /** Restrict to one namespace (namespaced resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Extra indexes, e.g. { nodeName: (p) => [p.spec?.nodeName ?? ''] }. */
  indexers?: Record<string, IndexFunc>;
}

export interface InformerHandlers {
  onAdd?(obj: KubeObject): void | Promise<void>;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void | Promise<void>;
  onDelete?(obj: KubeObject): void | Promise<void>;
}

type Notification =
  | { kind: 'add'; obj: KubeObject; only?: InformerHandlers }
  | { kind: 'update'; old: KubeObject; obj: KubeObject }
  | { kind: 'delete'; obj: KubeObject };

/** Cache key: "namespace/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : String(obj.metadata.name);
}

const BATCH = 500; // notifications per turn before yielding to I/O

/**
 * The cache holds the store's own objects (no copy per informer), shared by every consumer:
 * they are frozen, so code that writes to one instead of copying it first (client-go's rule for
 * listers) throws where it happens rather than changing what the store serves.
 */
function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: InformerHandlers[] = [];
  private readonly pending: Notification[] = [];
  private readonly selectors: Selectors;
  private readonly idleWaiters: (() => void)[] = [];
  private watch: WatchHandle | undefined;
  private lastRev = 0;
  private started = false;
  private stopped = false;
  private draining = false;
  private scheduled = false;

  private readonly opts: InformerOptions;

  constructor(
    private readonly registry: Registry,
    private readonly info: ResourceInfo,
    opts: InformerOptions = {},
  ) {
    this.opts = { ...opts, indexers: { ...opts.indexers } }; // addIndexers must not write into the caller's object
    this.selectors = registry.parseSelectors(info, opts);
    for (const name of Object.keys(opts.indexers ?? {})) this.indexes.set(name, new Map());
  }

  /** Registers handlers; once started, they first get an add for every cached object. */
  addHandlers(h: InformerHandlers): void {
    this.handlers.push(h);
    if (this.started) {
      for (const obj of this.cache.values()) this.enqueue({ kind: 'add', obj, only: h });
    }
  }

  /** Unregisters handlers (a consumer of a shared informer stopping); queued calls to them are dropped. */
  removeHandlers(h: InformerHandlers): void {
    const at = this.handlers.indexOf(h);
    if (at >= 0) this.handlers.splice(at, 1);
  }

  /**
   * Adds indexes, filled from the cache at once. A name already present keeps its function: on a
   * shared informer every consumer's index of that name must mean the same thing.
   */
  addIndexers(indexers: Record<string, IndexFunc>): void {
    const known = (this.opts.indexers ??= {});
    for (const [name, fn] of Object.entries(indexers)) {
      if (known[name]) {
        if (known[name].toString() !== fn.toString())
          throw new Error(`informer ${this.info.resource}: index ${name} is already defined differently`);
        continue;
      }
      known[name] = fn;
      const idx = new Map<string, Set<string>>();
      this.indexes.set(name, idx);
      for (const [key, obj] of this.cache) {
        for (const v of fn(obj)) {
          let set = idx.get(v);
          if (!set) idx.set(v, (set = new Set()));
          set.add(key);
        }
      }
    }
  }

  /** Lists and starts watching. The cache is filled (hasSynced) when this returns. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.relist();
  }

  get hasSynced(): boolean {
    return this.started;
  }

  /** Revision of the last event (or list) the cache reflects. */
  get resourceVersion(): string {
    return String(this.lastRev);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
    this.pending.length = 0;
    this.wakeIdle();
  }

  // ---- cache reads ---------------------------------------------------------------------------

  get(namespaceOrKey: string, name?: string): KubeObject | undefined {
    const key = name === undefined ? namespaceOrKey : namespaceOrKey ? `${namespaceOrKey}/${name}` : name;
    return this.cache.get(key);
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  keys(): string[] {
    return [...this.cache.keys()];
  }

  /** Objects whose index function returned value. */
  byIndex(index: string, value: string): KubeObject[] {
    const idx = this.indexes.get(index);
    if (!idx) throw new Error(`informer: no index named ${index}`);
    return [...(idx.get(value) ?? [])].map((k) => this.cache.get(k)!);
  }

  /** Resolves when every queued notification has been handled. */
  idle(): Promise<void> {
    if (!this.pending.length && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ---- list / watch ------------------------------------------------------------------------

  /** Drops the watch and resumes from the last seen revision, relisting if that has expired. */
  reconnect(): void {
    if (this.stopped || !this.started) return;
    this.watch?.stop();
    this.watch = undefined;
    this.connect(this.lastRev);
  }

  /**
   * Reads the full state again and notifies the differences against the cache (what a
   * client-go reflector does after its watch position expired), then watches from there.
   */
  relist(): void {
    if (this.stopped) return;
    this.watch?.stop();
    this.watch = undefined;
    const { items, resourceVersion } = this.registry.list(this.info, this.opts.namespace, {
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      readOnly: true,
    });
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      if (!old) this.put(obj, { kind: 'add', obj });
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.put(obj, { kind: 'update', old, obj });
    }
    for (const [key, old] of [...this.cache]) {
      if (!seen.has(key)) this.remove(key, { kind: 'delete', obj: old });
    }
    this.lastRev = Number(resourceVersion);
    this.connect(this.lastRev);
  }

  private connect(fromRev: number): void {
    try {
      this.watch = this.registry.watch(this.info, this.opts.namespace, fromRev, (ev) => this.onEvent(ev), {
        readOnly: true,
      });
    } catch (e) {
      if (e instanceof StatusError && e.reason === 'Expired') return this.relist();
      throw e;
    }
  }

  private onEvent(ev: StoreEvent): void {
    if (this.stopped) return;
    this.lastRev = ev.rev;
    const obj = this.registry.out(this.info, ev.obj);
    const key = objectKey(obj);
    const old = this.cache.get(key);
    // An object leaving the selector is a delete for this informer, entering it an add.
    const matches = ev.type !== 'DELETED' && this.matches(obj);
    if (!matches) {
      if (old) this.remove(key, { kind: 'delete', obj: ev.type === 'DELETED' ? obj : old });
      return;
    }
    this.put(obj, old ? { kind: 'update', old, obj } : { kind: 'add', obj });
  }

  private matches(obj: KubeObject): boolean {
    const s = this.selectors;
    return s.labels.length === 0 && s.fields.length === 0 ? true : this.registry.matches(this.info, s, obj);
  }

  // ---- cache writes ------------------------------------------------------------------------

  private put(obj: KubeObject, n: Notification): void {
    const key = objectKey(obj);
    const old = this.cache.get(key);
    if (old) this.unindex(key, old);
    deepFreeze(obj);
    this.cache.set(key, obj);
    this.index(key, obj);
    this.enqueue(n);
  }

  private remove(key: string, n: Notification): void {
    const old = this.cache.get(key);
    if (old) this.unindex(key, old);
    this.cache.delete(key);
    this.enqueue(n);
  }

  private index(key: string, obj: KubeObject): void {
    for (const [name, fn] of Object.entries(this.opts.indexers ?? {})) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        let set = idx.get(v);
        if (!set) idx.set(v, (set = new Set()));
        set.add(key);
      }
    }
  }

  private unindex(key: string, obj: KubeObject): void {
    for (const [name, fn] of Object.entries(this.opts.indexers ?? {})) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        set?.delete(key);
        if (set && set.size === 0) idx.delete(v);
      }
    }
  }

  // ---- notification dispatch ------------------------------------------------------------------

  private enqueue(n: Notification): void {
    if (this.stopped || this.handlers.length === 0) return;
    this.pending.push(n);
    this.schedule(false);
  }

  private schedule(yieldToIo: boolean): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.drain();
    };
    if (yieldToIo) setImmediate(run);
    else queueMicrotask(run);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let i = 0; i < BATCH; i++) {
        const n = this.pending.shift();
        if (!n) break;
        const targets =
          n.kind === 'add' && n.only ? (this.handlers.includes(n.only) ? [n.only] : []) : [...this.handlers];
        for (const h of targets) {
          try {
            if (n.kind === 'add') await h.onAdd?.(n.obj);
            else if (n.kind === 'update') await h.onUpdate?.(n.old, n.obj);
            else await h.onDelete?.(n.obj);
          } catch (e) {
            // One failing handler must not stop the others or later notifications.
            console.error(`informer ${this.info.resource}: handler failed:`, e);
          }
        }
        if (this.stopped) break;
      }
    } finally {
      this.draining = false;
    }
    if (this.pending.length && !this.stopped) this.schedule(true);
    else this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
