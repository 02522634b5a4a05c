// The in-memory copy of the retained event log (the newest N events, in revision order),
// used to replay events to a watch that resumes from a resourceVersion.
import type { StoreEvent } from './types.js';

export class EventLog {
  private buf: StoreEvent[] = [];
  private head = 0; // index of the oldest retained event; compacted lazily

  get size(): number {
    return this.buf.length - this.head;
  }

  /** Revision of the oldest retained event, or undefined when empty. */
  get firstRev(): number | undefined {
    return this.head < this.buf.length ? this.buf[this.head].rev : undefined;
  }

  push(ev: StoreEvent): void {
    this.buf.push(ev);
  }

  /** Drops every event with rev <= upTo. */
  trimUpTo(upTo: number): void {
    while (this.head < this.buf.length && this.buf[this.head].rev <= upTo) this.head++;
    // Compact once the dead prefix dominates, keeping trims amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
  }

  /** Events with rev > after, oldest first (a snapshot: later pushes are not included). */
  since(after: number): StoreEvent[] {
    let lo = this.head;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid].rev <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.buf.slice(lo);
  }
}
