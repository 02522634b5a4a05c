// DefaultTolerationSeconds (upstream plugin/pkg/admission/defaulttolerationseconds): every pod
// created without them tolerates the not-ready and unreachable NoExecute taints for a limited
// time, so the taint manager evicts it that long after its node goes NotReady/Unknown.
import type { KubeObject, ResourceInfo } from '../types.js';
import type { MutatingAdmission } from './types.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Upstream's check: a toleration for the key (or any key with Exists) and NoExecute (or any effect). */
function toleratesKey(tolerations: Toleration[], key: string): boolean {
  return tolerations.some(
    (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
  );
}

export function defaultTolerationSeconds(seconds: number): MutatingAdmission {
  return {
    name: 'DefaultTolerationSeconds',
    admit(info: ResourceInfo, obj: KubeObject, op, subresource) {
      if (info.storage !== 'core/pods' || subresource || op !== 'CREATE') return;
      if (!obj.spec || typeof obj.spec !== 'object') return; // validation reports it
      if (obj.spec.tolerations !== undefined && !Array.isArray(obj.spec.tolerations)) return;
      const tolerations: Toleration[] = (obj.spec.tolerations ?? []).filter(
        (t: unknown) => t && typeof t === 'object',
      );
      if (tolerations.length !== (obj.spec.tolerations ?? []).length) return; // invalid: validation reports it
      const add = [TAINT_NOT_READY, TAINT_UNREACHABLE]
        .filter((key) => !toleratesKey(tolerations, key))
        .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
      if (add.length) obj.spec.tolerations = [...tolerations, ...add];
    },
  };
}
