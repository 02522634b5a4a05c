// Controller expectations (upstream controller_utils.go ControllerExpectations +
// UIDTrackingExpectations): after issuing creates/deletes, a controller waits until its informer
// has seen them before syncing again, so a lagging cache never causes double creates or deletes.
// Expectations older than the TTL (5 min upstream) are considered satisfied so nothing sticks.
import type { Clock } from '../../client/clock.js';

export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Pending {
  adds: number;
  /** Keys of pods we asked to delete and have not yet seen deleted. */
  deletes: Set<string>;
  at: number;
}

export class Expectations {
  private readonly records = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = EXPECTATIONS_TTL_MS,
  ) {}

  /** True when the controller may sync: nothing pending, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.adds <= 0 && r.deletes.size === 0) return true;
    return this.clock.now() - r.at > this.ttlMs;
  }

  expectCreations(key: string, n: number): void {
    this.records.set(key, { adds: n, deletes: new Set(), at: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.records.set(key, { adds: 0, deletes: new Set(podKeys), at: this.clock.now() });
  }

  /** A create was seen by the informer, or failed/was skipped. */
  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.adds--;
  }

  /** A pod we deleted was seen going (or the delete failed). */
  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.deletes.delete(podKey);
  }

  /** Drops the record (the controller object is gone). */
  delete(key: string): void {
    this.records.delete(key);
  }

  pending(key: string): { adds: number; deletes: number } | undefined {
    const r = this.records.get(key);
    return r && { adds: r.adds, deletes: r.deletes.size };
  }
}
