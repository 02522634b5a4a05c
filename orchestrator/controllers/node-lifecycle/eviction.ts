// The NoExecute taint manager's decision for one pod (upstream pkg/controller/tainteviction):
// a pod that does not tolerate every NoExecute taint of its node goes at once; one that does goes
// after the smallest tolerationSeconds among the matching tolerations; none set = stays forever.
import type { KubeObject } from '../../api/types.js';
import type { Taint } from './taints.js';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

export function noExecuteTaints(node: KubeObject | undefined): Taint[] {
  return ((node?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
}

/**
 * Seconds the pod may stay: undefined = no NoExecute taint matters (or tolerated forever),
 * 0 = evict now, n = evict n seconds after the taint was noticed.
 */
export function evictionDelaySeconds(pod: KubeObject, taints: Taint[]): number | undefined {
  if (!taints.length) return undefined;
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (!matching.length) return 0;
    used.push(...matching);
  }
  let min: number | undefined;
  for (const t of used) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    const s = Math.max(0, t.tolerationSeconds);
    min = min === undefined ? s : Math.min(min, s);
  }
  return min;
}
