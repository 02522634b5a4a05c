// One scheduling decision: filter every node, score the feasible ones, pick the best
// (ties broken at random, as upstream's selectHost).
import type { KubeObject } from '../api/types.js';
import { fitErrorMessage } from './fit-error.js';
import { runFilters, type FilterStatus } from './filters.js';
import type { NodeInfo } from './resources.js';
import { scoreNodes } from './scores.js';
import type { PodMatcher } from './spread.js';

export type ScheduleResult =
  | { ok: true; node: string; scores: Map<string, number> }
  | { ok: false; message: string; statuses: Map<string, FilterStatus> };

export function schedulePod(
  pod: KubeObject,
  nodes: NodeInfo[],
  spreadMatcher: PodMatcher | undefined,
  random: () => number = Math.random,
): ScheduleResult {
  const statuses = new Map<string, FilterStatus>();
  const feasible: NodeInfo[] = [];
  for (const info of nodes) {
    const s = runFilters(pod, info);
    if (s) statuses.set(info.node.metadata.name ?? '', s);
    else feasible.push(info);
  }
  if (feasible.length === 0) return { ok: false, message: fitErrorMessage(pod, statuses), statuses };
  const scores = scoreNodes(pod, feasible, nodes, spreadMatcher);
  let best: string | undefined;
  let bestScore = -Infinity;
  let ties = 0;
  for (const [name, score] of scores) {
    if (score > bestScore) {
      best = name;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore) {
      // Reservoir sampling: each tied node is equally likely.
      ties++;
      if (random() * ties < 1) best = name;
    }
  }
  return { ok: true, node: best!, scores };
}
