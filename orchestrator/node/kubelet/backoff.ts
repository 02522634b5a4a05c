// Per-key exponential back-off with upstream client-go flowcontrol.Backoff semantics (no jitter):
// first Next() sets the initial duration, each further Next() doubles it up to the cap, and an
// entry not bumped for 2×cap is considered stable and starts over.
import { formatGoDuration as goDuration } from '../../config/duration.js';
import type { Clock } from './clock.js';

export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly settings: BackoffSettings,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  private expired(eventTime: number, e: Entry): boolean {
    return eventTime - e.lastUpdate > this.settings.maxMs * 2;
  }

  /** Current back-off for key in ms (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Records a failure observed at eventTime (ms) and grows the delay. */
  next(key: string, eventTime: number = this.clock.now()): void {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) {
      this.entries.set(key, { backoffMs: this.settings.initialMs, lastUpdate: this.clock.now() });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.settings.maxMs);
    e.lastUpdate = this.clock.now();
  }

  /** True while less than the current back-off has passed since eventTime (e.g. a container's finish). */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (!e || this.expired(eventTime, e)) return false;
    return this.clock.now() - eventTime < e.backoffMs;
  }

  /** True while less than the current back-off has passed since the last Next() (image pulls). */
  isInBackOffSinceUpdate(key: string): boolean {
    const e = this.entries.get(key);
    const now = this.clock.now();
    if (!e || this.expired(now, e)) return false;
    return now - e.lastUpdate < e.backoffMs;
  }

  /** When the back-off measured from eventTime ends (ms epoch), or undefined without an entry. */
  releaseAt(key: string, eventTime: number): number | undefined {
    const e = this.entries.get(key);
    return e ? eventTime + e.backoffMs : undefined;
  }

  /** lastUpdate of key's entry, for callers that wait out an update-based back-off. */
  lastUpdate(key: string): number | undefined {
    return this.entries.get(key)?.lastUpdate;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops entries that have been stable for 2×cap (upstream GC). */
  gc(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (this.expired(now, e)) this.entries.delete(k);
  }
}

/** Go time.Duration.String(): 500ms, 10s, 1.5s, 5m0s, 1h0m0s (the project's one formatter). */
export { goDuration };

/** "<name>_<ns>(<uid>)", upstream format.Pod. */
export function formatPod(pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid})`;
}

/** The CrashLoopBackOff waiting message. */
export function crashLoopMessage(
  backoffMs: number,
  container: string,
  pod: Parameters<typeof formatPod>[0],
): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${container} pod=${formatPod(pod)}`;
}

/** Upstream's stable back-off key: pod name, namespace, uid, container name and spec hash. */
export function crashBackoffKey(
  pod: Parameters<typeof formatPod>[0],
  container: string,
  hash: string,
): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}_${pod.metadata.uid}_${container}_${hash}`;
}
