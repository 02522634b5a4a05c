// How many pods of a node start at once. Docker does the work of a pod start (sandbox, network,
// app containers) in parallel for all of them, so a burst of N pods all become ready near the end
// of the burst. Letting a few through at a time, first come first served, keeps the engine just
// as busy but makes pods ready one after another: a rolling update can then retire old pods while
// the rest still start. A slot is held at most `holdMs`, so a slow start (a large image pull, a
// hung runtime call) delays the queue briefly, never blocks it.
import type { Clock } from './clock.js';

export interface StartGateSettings {
  /** Pods that may be starting at once on a node; 0 turns the gate off. */
  concurrency: number;
  /** The longest a pod keeps its slot before the next one is let through anyway. */
  holdMs: number;
}

export const DEFAULT_START_GATE: StartGateSettings = { concurrency: 3, holdMs: 3_000 };

export class StartGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly settings: StartGateSettings,
    private readonly clock: Clock,
  ) {}

  /** Resolves with a release function once a slot is free; release is idempotent. */
  async acquire(): Promise<() => void> {
    if (this.settings.concurrency <= 0) return () => {};
    if (this.active >= this.settings.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      cancel();
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays as it is.
      if (next) next();
      else this.active--;
    };
    const cancel = this.clock.setTimer(this.settings.holdMs, release);
    return release;
  }

  /** Pods waiting for a slot (for tests and diagnostics). */
  get queued(): number {
    return this.waiting.length;
  }
}
