// A rate-limited work queue with client-go's semantics: an item queued several times while
// waiting is processed once; an item re-added while being processed is processed again after
// done(); failures back off per item exponentially (base 5 ms, cap 1000 s by default).
import { realClock, type Clock, type TimerHandle } from './clock.js';

export interface WorkQueueOptions {
  clock?: Clock;
  /** First retry delay of addRateLimited (client-go: 5 ms). */
  baseDelayMs?: number;
  /** Largest retry delay (client-go: 1000 s). */
  maxDelayMs?: number;
}

export class WorkQueue<T = string> {
  private readonly clock: Clock;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly queue: T[] = [];
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiting = new Map<T, { at: number; timer: TimerHandle }>();
  private readonly failures = new Map<T, number>();
  private readonly getters: ((item: T | undefined) => void)[] = [];
  private down = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
  }

  /** Queues an item unless it is already waiting to be processed. */
  add(item: T): void {
    if (this.down || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return; // re-queued by done()
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(item);
      this.processing.add(item);
      getter(item);
    } else {
      this.queue.push(item);
    }
  }

  /** Queues an item after a delay; an earlier pending delay for the same item wins. */
  addAfter(item: T, ms: number): void {
    if (this.down) return;
    if (ms <= 0) return this.add(item);
    const at = this.clock.now() + ms;
    const prev = this.waiting.get(item);
    if (prev && prev.at <= at) return;
    if (prev) this.clock.clearTimeout(prev.timer);
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, timer });
  }

  /** Queues an item after its per-item exponential backoff, counting a failure. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.nextDelay(item));
  }

  /** The delay addRateLimited would use next, and counts the failure. */
  private nextDelay(item: T): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n);
  }

  /** Clears an item's failure count (call after it was processed successfully). */
  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  /** Next item to process, or undefined once the queue is shut down. Call done(item) after. */
  get(): Promise<T | undefined> {
    if (this.queue.length > 0) {
      const item = this.queue.shift()!;
      this.dirty.delete(item);
      this.processing.add(item);
      return Promise.resolve(item);
    }
    if (this.down) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks an item processed; if it was re-added meanwhile it goes back on the queue. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.dirty.delete(item);
      this.add(item);
    }
  }

  /** Items waiting to be processed (not counting delayed ones). */
  get length(): number {
    return this.queue.length;
  }

  get shuttingDown(): boolean {
    return this.down;
  }

  /** Stops accepting items; pending get() calls resolve undefined, delayed adds are dropped. */
  shutdown(): void {
    this.down = true;
    for (const w of this.waiting.values()) this.clock.clearTimeout(w.timer);
    this.waiting.clear();
    this.queue.length = 0;
    this.dirty.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }
}

/**
 * Processes items until shutdown: success forgets the item's failures, a thrown error
 * re-queues it with backoff (after onError, if given).
 */
export async function runWorker<T>(
  queue: WorkQueue<T>,
  handle: (item: T) => void | Promise<void>,
  onError?: (item: T, err: unknown) => void,
): Promise<void> {
  for (let item = await queue.get(); item !== undefined; item = await queue.get()) {
    try {
      await handle(item);
      queue.forget(item);
    } catch (e) {
      onError?.(item, e);
      queue.addRateLimited(item);
    } finally {
      queue.done(item);
    }
  }
}
