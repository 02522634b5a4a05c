// The versioned object store. Reads are served from memory; every write is committed to
// SQLite (one transaction: object row + event row + revision counter) before memory changes
// and before anyone is told, so an acknowledged write is never lost and a failed one leaves
// no trace. Watchers get events synchronously after commit, strictly in revision order.
import type { KubeObject } from '../api/types.js';
import { cloneJson } from './clone.js';
import { EventLog } from './event-log.js';
import { Persistence, type EventRow, type StoreSync } from './sqlite.js';
import type { StoreEvent, WatchHandle } from './types.js';

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface StoreOptions {
  /** How many events are retained for watch resume (default 10000). */
  eventLogSize?: number;
  /** When commits reach the disk (default 'normal'). */
  sync?: StoreSync;
}

export interface ListOptions {
  /** Only objects passing this are copied and returned (it sees the stored object: do not mutate). */
  filter?: (obj: Readonly<KubeObject>) => boolean;
  /**
   * Return the stored objects themselves instead of copies, for callers that only serialise
   * them (HTTP responses). Stored objects are replaced on write, never mutated, so this is safe
   * as long as the caller does not mutate them.
   */
  shared?: boolean;
}

interface Entry {
  key: string; // namespace \0 name: sorts by namespace, then name
  namespace: string;
  name: string;
  rev: number;
  obj: KubeObject; // internal copy, never handed out and never mutated
}

interface Bucket {
  byKey: Map<string, Entry>;
  sorted: Entry[] | null; // cache for list(), dropped when membership changes
}

interface Watcher {
  storage?: string; // undefined: every storage (onEvent)
  namespace?: string;
  lastRev: number; // never deliver an event at or below this (dedups replay vs. queued live events)
  cb: (ev: StoreEvent) => void;
  stopped: boolean;
  /** The callback only reads (serialises) the event: it gets the stored objects, not copies. */
  readOnly?: boolean;
}

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

export class Store {
  private readonly buckets = new Map<string, Bucket>();
  private readonly log = new EventLog();
  private readonly watchers = new Set<Watcher>();
  private readonly queue: StoreEvent[] = [];
  private delivering = false;
  private rev: number;
  private closed = false;

  private constructor(
    private readonly db: Persistence,
    private readonly eventLogSize: number,
  ) {
    this.rev = db.revision();
    for (const row of db.loadObjects()) {
      this.bucket(row.storage).byKey.set(keyOf(row.namespace, row.name), {
        key: keyOf(row.namespace, row.name),
        namespace: row.namespace,
        name: row.name,
        rev: row.rev,
        obj: JSON.parse(row.json) as KubeObject,
      });
      if (row.rev > this.rev) this.rev = row.rev; // defensive: the counter is written in the same transaction
    }
    for (const row of db.loadEvents()) this.log.push(eventFromRow(row));
    const trimTo = this.rev - this.eventLogSize;
    if (this.log.size > this.eventLogSize) {
      db.trim(trimTo);
      this.log.trimUpTo(trimTo);
    }
  }

  static open(file: string, opts: StoreOptions = {}): Store {
    const size = opts.eventLogSize ?? 10000;
    if (!Number.isInteger(size) || size < 0) throw new Error(`store: invalid eventLogSize ${size}`);
    if (opts.sync !== undefined && opts.sync !== 'normal' && opts.sync !== 'full')
      throw new Error(`store: invalid sync mode ${String(opts.sync)} (normal or full)`);
    return new Store(new Persistence(file, opts.sync), size);
  }

  /** The latest committed revision (1 on a fresh database). */
  get revision(): number {
    return this.rev;
  }

  /**
   * The oldest revision a watch may resume from: every event after it is retained.
   * That is one less than the oldest retained event, or the current revision when none is.
   */
  get oldestRevision(): number {
    const first = this.log.firstRev;
    return first === undefined ? this.rev : first - 1;
  }

  get(storage: string, namespace: string, name: string): KubeObject | undefined {
    const e = this.buckets.get(storage)?.byKey.get(keyOf(namespace, name));
    return e ? cloneJson(e.obj) : undefined;
  }

  /**
   * Deep copies sorted by namespace, then name. namespace undefined or '' lists every
   * namespace (cluster-scoped objects all live under '').
   */
  list(storage: string, namespace?: string, opts: ListOptions = {}): { items: KubeObject[]; rev: number } {
    const items: KubeObject[] = [];
    const b = this.buckets.get(storage);
    if (b) {
      const filter = opts.filter;
      for (const e of this.sortedEntries(b)) {
        if (namespace && e.namespace !== namespace) continue;
        if (filter && !filter(e.obj)) continue;
        items.push(opts.shared ? e.obj : cloneJson(e.obj));
      }
    }
    return { items, rev: this.rev };
  }

  count(storage: string): number {
    return this.buckets.get(storage)?.byKey.size ?? 0;
  }

  /** Stores a new object; metadata.name (and namespace, '' or absent when cluster-scoped) are the caller's. */
  create(storage: string, obj: KubeObject): KubeObject {
    this.assertOpen();
    const { namespace, name } = identity(obj);
    const key = keyOf(namespace, name);
    if (this.buckets.get(storage)?.byKey.has(key)) {
      throw new StoreError('AlreadyExists', `${storage} ${describe(namespace, name)} already exists`);
    }
    const rev = this.rev + 1;
    const stored = withRevision(obj, rev);
    const json = JSON.stringify(stored);
    this.db.commit({
      object: { storage, namespace, name, rev, json },
      event: { rev, type: 'ADDED', storage, namespace, name, json, prev: null },
      trimUpTo: rev - this.eventLogSize,
    });
    const b = this.bucket(storage);
    b.byKey.set(key, { key, namespace, name, rev, obj: stored });
    b.sorted = null;
    this.committed({ type: 'ADDED', rev, storage, namespace, name, obj: stored });
    return cloneJson(stored);
  }

  /** Replaces a stored object. With expectedRev, fails with Conflict unless it is the stored revision. */
  update(storage: string, obj: KubeObject, expectedRev?: number): KubeObject {
    this.assertOpen();
    const { namespace, name } = identity(obj);
    const entry = this.existing(storage, namespace, name, expectedRev);
    const rev = this.rev + 1;
    const stored = withRevision(obj, rev);
    const json = JSON.stringify(stored);
    this.db.commit({
      object: { storage, namespace, name, rev, json },
      event: { rev, type: 'MODIFIED', storage, namespace, name, json, prev: JSON.stringify(entry.obj) },
      trimUpTo: rev - this.eventLogSize,
    });
    const prev = entry.obj;
    entry.obj = stored;
    entry.rev = rev;
    this.committed({ type: 'MODIFIED', rev, storage, namespace, name, obj: stored, prev });
    return cloneJson(stored);
  }

  /** Removes an object; returns its last state with resourceVersion set to the delete revision. */
  delete(storage: string, namespace: string, name: string, expectedRev?: number): KubeObject {
    this.assertOpen();
    const entry = this.existing(storage, namespace, name, expectedRev);
    const rev = this.rev + 1;
    const last = withRevision(entry.obj, rev);
    this.db.commit({
      event: {
        rev,
        type: 'DELETED',
        storage,
        namespace,
        name,
        json: JSON.stringify(last),
        prev: JSON.stringify(entry.obj),
      },
      trimUpTo: rev - this.eventLogSize,
    });
    const b = this.bucket(storage);
    b.byKey.delete(entry.key);
    b.sorted = null;
    this.committed({ type: 'DELETED', rev, storage, namespace, name, obj: last, prev: entry.obj });
    return cloneJson(last);
  }

  /**
   * Replays retained events with rev > fromRev synchronously, then delivers live ones.
   * namespace undefined or '' watches every namespace. Throws StoreError 'Expired' when
   * events after fromRev have been trimmed (fromRev < oldestRevision).
   */
  watch(
    storage: string,
    namespace: string | undefined,
    fromRev: number,
    cb: (ev: StoreEvent) => void,
    opts: { readOnly?: boolean } = {},
  ): WatchHandle {
    this.assertOpen();
    const oldest = this.oldestRevision;
    if (fromRev < oldest) {
      throw new StoreError('Expired', `too old resource version: ${fromRev} (${oldest})`);
    }
    const w: Watcher = {
      storage,
      namespace: namespace || undefined,
      lastRev: fromRev,
      cb,
      stopped: false,
      readOnly: opts.readOnly,
    };
    // Loop until caught up: a replay callback may itself write, and those events land in the log.
    let upTo = fromRev;
    for (let batch = this.log.since(upTo); batch.length > 0; batch = this.log.since(upTo)) {
      for (const ev of batch) this.offer(w, ev);
      upTo = batch[batch.length - 1].rev;
    }
    // Everything committed is now covered; events still queued for delivery are deduped by lastRev.
    w.lastRev = Math.max(w.lastRev, upTo, this.rev);
    return this.register(w);
  }

  /** Every live event of every storage (for in-process informers). */
  onEvent(cb: (ev: StoreEvent) => void): WatchHandle {
    this.assertOpen();
    return this.register({ lastRev: this.rev, cb, stopped: false });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watchers) w.stopped = true;
    this.watchers.clear();
    this.db.close();
  }

  // ---- internals ----

  private assertOpen(): void {
    if (this.closed) throw new Error('store: closed');
  }

  private bucket(storage: string): Bucket {
    let b = this.buckets.get(storage);
    if (!b) {
      b = { byKey: new Map(), sorted: null };
      this.buckets.set(storage, b);
    }
    return b;
  }

  private sortedEntries(b: Bucket): Entry[] {
    if (!b.sorted)
      b.sorted = [...b.byKey.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return b.sorted;
  }

  private existing(storage: string, namespace: string, name: string, expectedRev?: number): Entry {
    const entry = this.buckets.get(storage)?.byKey.get(keyOf(namespace, name));
    if (!entry) throw new StoreError('NotFound', `${storage} ${describe(namespace, name)} not found`);
    if (expectedRev !== undefined && expectedRev !== entry.rev) {
      throw new StoreError(
        'Conflict',
        `${storage} ${describe(namespace, name)}: expected revision ${expectedRev}, stored ${entry.rev}`,
      );
    }
    return entry;
  }

  private register(w: Watcher): WatchHandle {
    this.watchers.add(w);
    return {
      stop: () => {
        w.stopped = true;
        this.watchers.delete(w);
      },
    };
  }

  /** Records a committed event and delivers it (queued if a callback is writing re-entrantly). */
  private committed(ev: StoreEvent): void {
    this.rev = ev.rev;
    this.log.push(ev);
    this.log.trimUpTo(ev.rev - this.eventLogSize);
    this.queue.push(ev);
    if (this.delivering) return; // the outer drain loop delivers it, after the earlier ones
    this.delivering = true;
    try {
      for (let ev2 = this.queue.shift(); ev2; ev2 = this.queue.shift()) {
        for (const w of [...this.watchers]) this.offer(w, ev2);
      }
    } finally {
      this.delivering = false;
    }
  }

  private offer(w: Watcher, ev: StoreEvent): void {
    if (w.stopped || ev.rev <= w.lastRev) return;
    if (w.storage !== undefined && w.storage !== ev.storage) return;
    if (w.namespace !== undefined && w.namespace !== ev.namespace) return;
    w.lastRev = ev.rev;
    // Each callback gets its own copy: the stored objects must never be reachable from outside,
    // except by a read-only watcher (an HTTP watch that only serialises), which would otherwise
    // copy every event once per client.
    let copy: StoreEvent = ev;
    if (!w.readOnly) {
      copy = { ...ev, obj: cloneJson(ev.obj) };
      if (ev.prev) copy.prev = cloneJson(ev.prev);
    }
    try {
      w.cb(copy);
    } catch (e) {
      // A broken watcher must not stop delivery to the others or fail the write that triggered it.
      console.error(
        `store: watch callback failed on ${ev.type} ${ev.storage} ${describe(ev.namespace, ev.name)}:`,
        e,
      );
    }
  }
}

function identity(obj: KubeObject): { namespace: string; name: string } {
  const name = obj?.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new Error('store: object has no metadata.name');
  const namespace = obj.metadata.namespace ?? '';
  if (typeof namespace !== 'string') throw new Error('store: metadata.namespace must be a string');
  return { namespace, name };
}

/** A private JSON copy of obj carrying resourceVersion = rev (what is persisted and held in memory). */
function withRevision(obj: KubeObject, rev: number): KubeObject {
  const copy = JSON.parse(JSON.stringify(obj)) as KubeObject;
  copy.metadata.resourceVersion = String(rev);
  return copy;
}

function describe(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function eventFromRow(row: EventRow): StoreEvent {
  const ev: StoreEvent = {
    type: row.type,
    rev: row.rev,
    storage: row.storage,
    namespace: row.namespace,
    name: row.name,
    obj: JSON.parse(row.json) as KubeObject,
  };
  if (row.prev !== null) ev.prev = JSON.parse(row.prev) as KubeObject;
  return ev;
}
