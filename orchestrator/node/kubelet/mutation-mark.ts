// A view of the container runtime that notes when a call that changes containers completes. The
// pod worker uses it to know whether a list of the runtime can still be trusted: one that started
// after the worker's last change shows everything the worker did.
import type { ContainerRuntime } from '../../runtime/types.js';

const MUTATING = new Set<PropertyKey>([
  'createContainer',
  'startContainer',
  'stopContainer',
  'killContainer',
  'removeContainer',
  'exec',
]);

export function markMutations(rt: ContainerRuntime, mark: () => void): ContainerRuntime {
  return new Proxy(rt, {
    get(target, key) {
      const v = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      if (!MUTATING.has(key)) return v.bind(target);
      return (...args: unknown[]) => Promise.resolve(v.apply(target, args)).finally(mark);
    },
  });
}
