// The names a pod's log/exec/attach endpoints accept: every container of the pod, regular, init
// or ephemeral (upstream podHasContainerWithName visits all three lists).
import type { KubeObject } from '../api/types.js';

export function allContainerNames(pod: KubeObject): string[] {
  const spec = pod.spec ?? {};
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) =>
    (Array.isArray(spec[k]) ? spec[k] : []).map((c: { name: string }) => c.name),
  );
}
