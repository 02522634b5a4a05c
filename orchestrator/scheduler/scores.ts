// Score plugins and their default weights; each yields 0..100 per feasible node.
import type { KubeObject } from '../api/types.js';
import { preferredAffinityScore } from './node-affinity.js';
import { podRequests, type NodeInfo } from './resources.js';
import { spreadScores, type PodMatcher } from './spread.js';
import { countIntolerablePreferNoSchedule, effectiveTaints } from './taints.js';

export const MAX_NODE_SCORE = 100;

export const WEIGHTS = {
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
};

const SCORED = ['cpu', 'memory'];

/** NodeResourcesFit LeastAllocated: share of cpu and memory left free after placing the pod. */
export function leastAllocated(pod: KubeObject, info: NodeInfo): number {
  const req = podRequests(pod, true);
  let total = 0;
  for (const r of SCORED) {
    const alloc = info.allocatable[r] ?? 0;
    const used = (info.nonZeroRequested[r] ?? 0) + (req[r] ?? 0);
    total += alloc === 0 || used > alloc ? 0 : Math.trunc(((alloc - used) * MAX_NODE_SCORE) / alloc);
  }
  return Math.trunc(total / SCORED.length);
}

/** NodeResourcesBalancedAllocation: cpu and memory fractions close to each other score high. */
export function balancedAllocation(pod: KubeObject, info: NodeInfo): number {
  const req = podRequests(pod);
  const fractions = SCORED.map((r) => {
    const alloc = info.allocatable[r] ?? 0;
    if (alloc === 0) return 1;
    return Math.min(1, ((info.requested[r] ?? 0) + (req[r] ?? 0)) / alloc);
  });
  const std = Math.abs(fractions[0] - fractions[1]) / 2;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Scales raw scores to 0..100 by the maximum (upstream DefaultNormalizeScore), optionally reversed. */
function normalize(raw: Map<string, number>, reverse: boolean): Map<string, number> {
  const max = Math.max(0, ...raw.values());
  const out = new Map<string, number>();
  for (const [k, v] of raw) {
    if (max === 0) out.set(k, reverse ? MAX_NODE_SCORE : 0);
    else {
      const s = Math.trunc((MAX_NODE_SCORE * v) / max);
      out.set(k, reverse ? MAX_NODE_SCORE - s : s);
    }
  }
  return out;
}

/** Weighted total per feasible node name. */
export function scoreNodes(
  pod: KubeObject,
  feasible: NodeInfo[],
  allNodes: NodeInfo[],
  spreadMatcher: PodMatcher | undefined,
): Map<string, number> {
  const name = (n: NodeInfo) => n.node.metadata.name as string;
  const taintRaw = new Map(
    feasible.map((n) => [name(n), countIntolerablePreferNoSchedule(pod, effectiveTaints(n.node))]),
  );
  const affinityRaw = new Map(feasible.map((n) => [name(n), preferredAffinityScore(pod, n.node)]));
  const taint = normalize(taintRaw, true);
  const affinity = normalize(affinityRaw, false);
  const spread = spreadScores(feasible, allNodes, spreadMatcher);
  const totals = new Map<string, number>();
  for (const n of feasible) {
    const k = name(n);
    totals.set(
      k,
      WEIGHTS.NodeResourcesFit * leastAllocated(pod, n) +
        WEIGHTS.NodeResourcesBalancedAllocation * balancedAllocation(pod, n) +
        WEIGHTS.TaintToleration * taint.get(k)! +
        WEIGHTS.NodeAffinity * affinity.get(k)! +
        WEIGHTS.PodTopologySpread * spread.get(k)!,
    );
  }
  return totals;
}
