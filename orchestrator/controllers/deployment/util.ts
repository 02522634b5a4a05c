// Pure helpers of the deployment controller (upstream pkg/controller/deployment/util): fenceposts,
// template hashing and equality, replica counting over ReplicaSets, conditions.
import type { KubeObject } from '../../api/types.js';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Upstream caps revision-history at this many characters. */
export const MAX_REV_HISTORY_CHARS = 2000;

// Condition reasons (upstream util/deployment_util.go).
export const REASON = {
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  RSUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewRSCreated: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

const MAX_INT32 = 2147483647;

// ---- fenceposts ------------------------------------------------------------------------------

/** An int-or-percent scaled against total (upstream GetScaledValueFromIntOrPercent). */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') throw new Error(`invalid value for IntOrString: ${JSON.stringify(v)}`);
  const s = v;
  const m = /^(\d+)%$/.exec(s);
  if (!m) {
    const n = Number(s);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${s}"`);
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** maxSurge rounds up, maxUnavailable down; both zero would stall, so unavailable becomes 1. */
export function resolveFenceposts(
  maxSurge: unknown,
  maxUnavailable: unknown,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const replicasOf = (o: KubeObject | undefined): number => (o ? (o.spec?.replicas ?? 1) : 0);
export const isRollingUpdate = (d: KubeObject): boolean =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: KubeObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const { unavailable } = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

// ---- hashing and template equality -------------------------------------------------------------

/** Semantic equality treats null, empty maps and empty lists like absent fields. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

const stableJson = (v: unknown): string => JSON.stringify(normalize(v) ?? {});

/** A view of the template without the hash label (shallow: normalize() copies what it keeps). */
function withoutHash(template: unknown): unknown {
  const t = (template ?? {}) as Record<string, any>;
  if (!t.metadata?.labels || !(POD_TEMPLATE_HASH in t.metadata.labels)) return t;
  const { [POD_TEMPLATE_HASH]: _hash, ...labels } = t.metadata.labels;
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** Templates equal apart from the pod-template-hash label (upstream EqualIgnoreHash). */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return stableJson(withoutHash(a)) === stableJson(withoutHash(b));
}

/** FNV-1a, 32 bit, over UTF-8 bytes. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Upstream rand.SafeEncodeString's alphabet: no vowels, no confusable digits. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE[ch.charCodeAt(0) % SAFE.length];
  return out;
}

/** pod-template-hash: FNV-32a of the template plus the collision count, safe-encoded. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let input = stableJson(withoutHash(template));
  if (collisionCount !== undefined && collisionCount !== null) input += String(collisionCount);
  return safeEncode(String(fnv32a(input)));
}

// ---- ReplicaSet sets ---------------------------------------------------------------------------

const created = (o: KubeObject): number => Date.parse(o.metadata.creationTimestamp ?? '') || 0;

/** Oldest first; ties by name (upstream ReplicaSetsByCreationTimestamp). */
export function byCreation(a: KubeObject, b: KubeObject): number {
  return created(a) - created(b) || String(a.metadata.name).localeCompare(String(b.metadata.name));
}

export function revisionOf(o: KubeObject | undefined): number {
  const n = Number(o?.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Lowest revision first; ties by creation (upstream ReplicaSetsByRevision). */
export const byRevision = (a: KubeObject, b: KubeObject): number =>
  revisionOf(a) - revisionOf(b) || byCreation(a, b);

export const maxRevision = (rss: KubeObject[]): number => Math.max(0, ...rss.map(revisionOf));

export const activeRSs = (rss: (KubeObject | undefined)[]): KubeObject[] =>
  rss.filter((r): r is KubeObject => !!r && replicasOf(r) > 0);

const sum = (rss: (KubeObject | undefined)[], f: (r: KubeObject) => number): number =>
  rss.reduce((n, r) => n + (r ? f(r) : 0), 0);

/** Σ spec.replicas. */
export const specReplicas = (rss: (KubeObject | undefined)[]): number => sum(rss, (r) => replicasOf(r));
/** Σ status.replicas. */
export const actualReplicas = (rss: (KubeObject | undefined)[]): number =>
  sum(rss, (r) => r.status?.replicas ?? 0);
export const readyReplicas = (rss: (KubeObject | undefined)[]): number =>
  sum(rss, (r) => r.status?.readyReplicas ?? 0);
export const availableReplicas = (rss: (KubeObject | undefined)[]): number =>
  sum(rss, (r) => r.status?.availableReplicas ?? 0);

/** The RS that runs the deployment's template: the oldest equal one (upstream FindNewReplicaSet). */
export function findNewReplicaSet(d: KubeObject, rss: KubeObject[]): KubeObject | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** All RSs except the new one. */
export function findOldReplicaSets(d: KubeObject, rss: KubeObject[]): KubeObject[] {
  const n = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs.metadata.uid !== n?.metadata.uid);
}

export function intAnnotation(o: KubeObject | undefined, key: string): number | undefined {
  const v = o?.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** New RS fully scaled and available at the desired size (upstream IsSaturated). */
export function isSaturated(d: KubeObject, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS);
  const n = replicasOf(d);
  return desired === n && replicasOf(rs) === n && (rs.status?.availableReplicas ?? 0) === n;
}

// ---- deployment state -------------------------------------------------------------------------

export const hasProgressDeadline = (d: KubeObject): boolean => {
  const p = d.spec?.progressDeadlineSeconds;
  return typeof p === 'number' && p !== MAX_INT32;
};

export const hasRevisionHistoryLimit = (d: KubeObject): boolean =>
  typeof d.spec?.revisionHistoryLimit === 'number' && d.spec.revisionHistoryLimit !== MAX_INT32;

/** Everything updated, nothing old left and all available at the observed generation. */
export function deploymentComplete(d: KubeObject, st: Record<string, any>): boolean {
  const n = replicasOf(d);
  return (
    (st.updatedReplicas ?? 0) === n &&
    (st.replicas ?? 0) === n &&
    (st.availableReplicas ?? 0) === n &&
    (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Any forward motion since the stored status (upstream DeploymentProgressing). */
export function deploymentProgressing(d: KubeObject, st: Record<string, any>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (st.replicas ?? 0) - (st.updatedReplicas ?? 0);
  return (
    (st.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (st.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (st.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

// ---- conditions -------------------------------------------------------------------------------

export function getCondition(st: Record<string, any> | undefined, type: string): Condition | undefined {
  return (st?.conditions ?? []).find((c: Condition) => c.type === type);
}

export function newCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: string,
): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** Same status and reason: keep the existing one; same status: keep its transition time. */
export function setCondition(st: Record<string, any>, c: Condition): void {
  const cur = getCondition(st, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  st.conditions = [...(st.conditions ?? []).filter((x: Condition) => x.type !== c.type), c];
}

export function removeCondition(st: Record<string, any>, type: string): void {
  if (!st.conditions) return;
  st.conditions = st.conditions.filter((x: Condition) => x.type !== type);
  if (!st.conditions.length) delete st.conditions;
}

/** Replica counts with JSON omitempty semantics: zeros are left out like upstream. */
export function omitZeros(st: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(st)) if (v !== 0 && v !== undefined) out[k] = v;
  return out;
}
