// CertificateSigningRequest strategy (pkg/registry/certificates/certificates/strategy.go): the
// requestor fields come from the authenticated user on create; the spec never changes; the main
// resource cannot write status, /status cannot change approval, and /approval writes only the
// Approved/Denied conditions.
import type { KubeObject } from '../types.js';
import type { UserInfo } from './context.js';
import { deepCopy, nowRfc3339 } from './meta.js';

export const CSR_STORAGE = 'certificates.k8s.io/certificatesigningrequests';

const APPROVAL_TYPES = new Set(['Approved', 'Denied']);

/** Create: status cleared, spec.username/uid/groups/extra set from the request's user. */
export function prepareCsrCreate(obj: KubeObject, user: UserInfo | undefined): void {
  delete obj.status;
  const spec = (obj.spec ??= {});
  for (const f of ['username', 'uid', 'groups', 'extra']) delete spec[f];
  if (!user) return;
  if (user.username) spec.username = user.username;
  if (user.uid) spec.uid = user.uid;
  if (user.groups?.length) spec.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length) spec.extra = deepCopy(user.extra);
}

type Condition = { type?: string; status?: string; lastUpdateTime?: string; lastTransitionTime?: string };

/**
 * The object to store for an update of the main resource, /status or /approval: `obj` is what the
 * client sent (already carrying the old status for the main resource), `old` the stored object.
 */
export function prepareCsrUpdate(
  obj: KubeObject,
  old: KubeObject,
  subresource: string | undefined,
  now = new Date(),
): KubeObject {
  if (!subresource) return { ...obj, spec: deepCopy(old.spec), status: deepCopy(old.status) };
  const next = deepCopy(old);
  next.metadata.resourceVersion = obj.metadata.resourceVersion;
  const sent: Condition[] = Array.isArray(obj.status?.conditions) ? obj.status.conditions : [];
  const kept: Condition[] = Array.isArray(old.status?.conditions) ? old.status.conditions : [];
  if (subresource === 'approval') {
    // Approval conditions from the request, every other condition and the certificate as stored.
    const conditions = [
      ...sent.filter((c) => APPROVAL_TYPES.has(c?.type ?? '')),
      ...kept.filter((c) => !APPROVAL_TYPES.has(c?.type ?? '')),
    ];
    next.status = { ...(old.status ?? {}), conditions: stamp(conditions, kept, now) };
  } else {
    // /status: everything but the approval conditions, which stay as stored.
    const conditions = [
      ...kept.filter((c) => APPROVAL_TYPES.has(c?.type ?? '')),
      ...sent.filter((c) => !APPROVAL_TYPES.has(c?.type ?? '')),
    ];
    next.status = { ...(obj.status ?? {}), conditions: stamp(conditions, kept, now) };
  }
  if (!next.status.conditions.length) delete next.status.conditions;
  return next;
}

/** populateConditionTimestamps: lastUpdateTime defaults to now; lastTransitionTime on status change. */
function stamp(conditions: Condition[], old: Condition[], now: Date): Condition[] {
  const ts = nowRfc3339(now);
  return conditions.map((c) => {
    const out = { ...c };
    out.status ||= 'True';
    out.lastUpdateTime ||= ts;
    if (!out.lastTransitionTime) {
      const prev = old.find((o) => o.type === c.type);
      out.lastTransitionTime =
        prev && prev.status === out.status && prev.lastTransitionTime ? prev.lastTransitionTime : ts;
    }
    return out;
  });
}
