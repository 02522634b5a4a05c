// Which pods a ReplicaSet deletes first when scaling down (upstream controller_utils.go
// ActivePodsWithRanks, with the LogarithmicScaleDown and PodDeletionCost features on, as
// they are by default): the smallest pod in this order goes first.
import type { KubeObject } from '../../api/types.js';
import { getPodReadyCondition, isPodReady } from '../util/pod-util.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  pod: KubeObject;
  /** Related active pods on the same node (more → deleted first). */
  rank: number;
}

/** Ranks each pod by the number of related active pods sharing its node. */
export function rankByColocation(pods: KubeObject[], related: KubeObject[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (!n || p.metadata.deletionTimestamp || ['Succeeded', 'Failed'].includes(p.status?.phase)) continue;
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

function deletionCost(p: KubeObject): number {
  const v = p.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined) return 0;
  const n = Number(v);
  // Upstream ignores values that are not int32 (validation rejects them anyway).
  return Number.isInteger(n) ? n : 0;
}

function readyTime(p: KubeObject): number | undefined {
  const c = getPodReadyCondition(p);
  return c?.status === 'True' && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

function maxRestarts(p: KubeObject): number {
  let m = 0;
  for (const s of (p.status?.containerStatuses ?? []) as { restartCount?: number }[])
    m = Math.max(m, s.restartCount ?? 0);
  return m;
}

/** floor(log2(age in ns)) of t1 minus that of t2; -1 for no positive age (upstream logarithmicRankDiff). */
function logRankDiff(t1: number, t2: number, now: number): number {
  const r = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return r(t1) - r(t2);
}

/** Negative when a should be deleted before b (a "less" than b). */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod;
  const pb = b.pod;
  // 1. Unassigned before assigned.
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  // 2. Pending < Unknown < Running.
  const oa = PHASE_ORDER[pa.status?.phase] ?? 0;
  const ob = PHASE_ORDER[pb.status?.phase] ?? 0;
  if (oa !== ob) return oa - ob;
  // 3. Not ready before ready.
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  // 4. Lower deletion cost first.
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb ? -1 : 1;
  // 5. More related pods on the same node first.
  if (a.rank !== b.rank) return b.rank - a.rank;
  // 6. Both ready: more recently ready first (in logarithmic age buckets).
  if (ra && rb) {
    const ta = readyTime(pa);
    const tb = readyTime(pb);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
      const d = logRankDiff(ta, tb, now);
      if (d === 0) return uidOrder(pa, pb);
      return d;
    }
  }
  // 7. More restarts first.
  const xa = maxRestarts(pa);
  const xb = maxRestarts(pb);
  if (xa !== xb) return xb - xa;
  // 8. Newer first.
  const ka = pa.metadata.creationTimestamp ? Date.parse(pa.metadata.creationTimestamp) : undefined;
  const kb = pb.metadata.creationTimestamp ? Date.parse(pb.metadata.creationTimestamp) : undefined;
  if (ka !== kb) {
    if (ka === undefined || kb === undefined) return afterOrZero(ka, kb);
    const d = logRankDiff(ka, kb, now);
    if (d === 0) return uidOrder(pa, pb);
    return d;
  }
  return 0;
}

/** Zero (unset) time first, then the later time first. */
function afterOrZero(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  return b - a;
}

function uidOrder(a: KubeObject, b: KubeObject): number {
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** The `count` pods to delete first. */
export function podsToDelete(
  pods: KubeObject[],
  related: KubeObject[],
  count: number,
  now: number,
): KubeObject[] {
  if (count >= pods.length) return [...pods];
  const ranked = rankByColocation(pods, related);
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, count).map((r) => r.pod);
}
