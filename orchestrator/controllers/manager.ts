// The controller manager: starts every controller of the control plane with one shared context
// and stops them in reverse order. Each controller registers itself with one line below.
import type { ControllerContext, ControllerDescriptor, RunningController } from './context.js';

const CONTROLLERS: ControllerDescriptor[] = [
  // one entry per controller, in start order
];

export interface ControllerManager {
  names: string[];
  stop(): Promise<void>;
}

export function startControllers(
  ctx: ControllerContext,
  only?: (name: string) => boolean,
): ControllerManager {
  const running: { name: string; c: RunningController }[] = [];
  for (const d of CONTROLLERS) {
    if (only && !only(d.name)) continue;
    running.push({ name: d.name, c: d.start(ctx) });
  }
  return {
    names: running.map((r) => r.name),
    async stop() {
      for (const r of running.reverse()) {
        try {
          await r.c.stop();
        } catch (err) {
          ctx.log(`stopping controller ${r.name}: ${String(err)}`);
        }
      }
    },
  };
}
