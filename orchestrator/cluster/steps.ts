// Lifecycle commands as kind's create.go runs cluster creation: an ordered list of named actions
// over one shared context, each reported with its duration. Unlike kind's strictly sequential
// list, a step names the earlier steps it needs (`after`) and starts as soon as they are done, so
// independent steps (network creation and CA generation, the node image and the daemon) overlap.
import type { Reporter } from './reporter.js';

export interface Step<C> {
  /** What progress shows while it runs; also the name later steps list in `after`. */
  name: string;
  /** Earlier steps that must have finished first (default: none, it starts at once). */
  after?: string[];
  /** A step that does not apply (e.g. Docker steps with --nodes 0) is skipped and not reported. */
  when?: (ctx: C) => boolean;
  run(ctx: C): Promise<void> | void;
  /** The line reported once it finished (default: its name). */
  done?: (ctx: C) => string;
}

/**
 * Runs every step once its `after` steps are done. A failed step fails the steps that need it
 * without running them; the run rejects with the first failure (in list order) once nothing is
 * running any more, so no step is left half-way in the background.
 */
export async function runSteps<C>(steps: readonly Step<C>[], ctx: C, r: Reporter): Promise<void> {
  const running = new Map<string, Promise<void>>();
  for (const step of steps) {
    if (running.has(step.name)) throw new Error(`step "${step.name}" is listed twice`);
    const needs = (step.after ?? []).map((n) => {
      const p = running.get(n);
      if (!p) throw new Error(`step "${step.name}" needs "${n}", which is not listed before it`);
      return p;
    });
    const p = Promise.all(needs).then(async () => {
      if (step.when && !step.when(ctx)) return;
      await r.step(
        step.name,
        () => step.run(ctx),
        () => (step.done ? step.done(ctx) : step.name),
      );
    });
    p.catch(() => {}); // reported below, after everything settled
    running.set(step.name, p);
  }
  const results = await Promise.allSettled(running.values());
  const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failed) throw failed.reason;
}
