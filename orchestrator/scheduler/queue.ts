// The scheduling queue: an active queue (deduped, with per-pod backoff for errors) and the set
// of pods that did not fit anywhere, moved back when the cluster changes in a way that may help.
import type { Clock } from '../client/clock.js';
import { WorkQueue } from '../client/workqueue.js';

export class SchedulingQueue {
  private readonly active: WorkQueue<string>;
  private readonly unschedulable = new Set<string>();

  constructor(opts: { clock?: Clock; baseDelayMs?: number; maxDelayMs?: number } = {}) {
    this.active = new WorkQueue<string>({
      clock: opts.clock,
      // Upstream's pod backoff: 1 s initial, 10 s max.
      baseDelayMs: opts.baseDelayMs ?? 1000,
      maxDelayMs: opts.maxDelayMs ?? 10_000,
    });
  }

  /** A new or changed pending pod: schedule it (again). */
  add(key: string): void {
    this.unschedulable.delete(key);
    this.active.add(key);
  }

  /** A pod that fits nowhere waits for a cluster change (or the periodic flush). */
  markUnschedulable(key: string): void {
    this.unschedulable.add(key);
  }

  isUnschedulable(key: string): boolean {
    return this.unschedulable.has(key);
  }

  /** A pod that was bound or deleted stops waiting. */
  forget(key: string): void {
    this.unschedulable.delete(key);
    this.active.forget(key);
  }

  /** A transient error (e.g. a conflict while binding): retry after the pod's backoff. */
  retryLater(key: string): void {
    this.active.addRateLimited(key);
  }

  /** Something changed that may make waiting pods fit. */
  moveAllToActive(): void {
    const keys = [...this.unschedulable];
    this.unschedulable.clear();
    for (const k of keys) this.active.add(k);
  }

  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  get(): Promise<string | undefined> {
    return this.active.get();
  }

  done(key: string): void {
    this.active.done(key);
  }

  shutdown(): void {
    this.active.shutdown();
    this.unschedulable.clear();
  }
}
