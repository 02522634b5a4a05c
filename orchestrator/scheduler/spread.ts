// PodTopologySpread scoring with the system default constraints (hostname maxSkew 3, zone
// maxSkew 5, both ScheduleAnyway): nodes holding fewer pods of the same "group" score higher.
// The group is upstream's DefaultSelector: the selectors of the Services and the controller
// (ReplicaSet/StatefulSet/ReplicationController) that select the pod.
import type { KubeObject } from '../api/types.js';
import { matchLabels, labelSelectorFromObject, type LabelRequirement } from '../api/selectors.js';
import type { NodeInfo } from './resources.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
];

/** Decides whether another pod belongs to the same group as the pod being scheduled. */
export type PodMatcher = (other: KubeObject) => boolean;

/**
 * Lookups the default selector needs. `owner` returns the controller object of the pod (or
 * undefined when it cannot be found), `services` the Services of the namespace.
 */
export interface SpreadLookups {
  owner(pod: KubeObject, ref: { kind: string; name: string; uid?: string }): KubeObject | undefined;
  services(namespace: string): KubeObject[];
}

/** The default spreading selector of a pod, or undefined when nothing groups it. */
export function defaultPodMatcher(pod: KubeObject, lookups: SpreadLookups): PodMatcher | undefined {
  const ns = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels ?? {};
  const reqs: LabelRequirement[] = [];
  let found = false;
  for (const svc of lookups.services(ns)) {
    const sel: Record<string, string> | undefined = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    for (const [k, v] of Object.entries(sel)) reqs.push({ key: k, op: '=', values: [v] });
    found = true;
  }
  const ref = (pod.metadata.ownerReferences ?? []).find((r: any) => r.controller);
  let ownerUid: string | undefined;
  if (ref && ['ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(ref.kind)) {
    const owner = lookups.owner(pod, ref);
    if (owner?.spec?.selector) {
      const sel = owner.spec.selector;
      // ReplicationControllers have a plain map, the others a LabelSelector.
      reqs.push(
        ...(ref.kind === 'ReplicationController'
          ? Object.entries(sel as Record<string, string>).map(([k, v]) => ({
              key: k,
              op: '=' as const,
              values: [v],
            }))
          : labelSelectorFromObject(sel)),
      );
      found = true;
    } else {
      // Owner not (yet) visible: fall back to "same controller".
      ownerUid = ref.uid;
    }
  }
  if (found && reqs.length) {
    return (o) => o.metadata.namespace === ns && matchLabels(reqs, o.metadata.labels);
  }
  if (ownerUid) {
    return (o) =>
      o.metadata.namespace === ns && (o.metadata.ownerReferences ?? []).some((r: any) => r.uid === ownerUid);
  }
  return undefined;
}

function topologyValue(node: KubeObject, key: string): string | undefined {
  const v = node.metadata.labels?.[key];
  // Nodes are expected to carry the hostname label; fall back to the name if one does not.
  if (v === undefined && key === LABEL_HOSTNAME) return node.metadata.name ?? '';
  return v;
}

function countMatching(pods: KubeObject[], match: PodMatcher): number {
  return pods.filter((p) => !p.metadata.deletionTimestamp && match(p)).length;
}

/**
 * Normalised scores (0..100) per feasible node. allNodes are every node (pods on nodes in the
 * same zone count even when those nodes were filtered out).
 */
export function spreadScores(
  feasible: NodeInfo[],
  allNodes: NodeInfo[],
  match: PodMatcher | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  if (!match || feasible.length === 0) {
    for (const n of feasible) out.set(n.node.metadata.name ?? '', 0);
    return out;
  }
  const raw = new Map<string, number>();
  for (const c of SYSTEM_DEFAULT_CONSTRAINTS) {
    const values = new Set(
      feasible.map((n) => topologyValue(n.node, c.topologyKey)).filter((v) => v !== undefined),
    );
    const size = c.topologyKey === LABEL_HOSTNAME ? feasible.length : values.size;
    const weight = Math.log(size + 2);
    const perValue = new Map<string, number>();
    if (c.topologyKey !== LABEL_HOSTNAME) {
      for (const n of allNodes) {
        const v = topologyValue(n.node, c.topologyKey);
        if (v === undefined || !values.has(v)) continue;
        perValue.set(v, (perValue.get(v) ?? 0) + countMatching(n.pods, match));
      }
    }
    for (const n of feasible) {
      const v = topologyValue(n.node, c.topologyKey);
      if (v === undefined) continue;
      const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(n.pods, match) : (perValue.get(v) ?? 0);
      const name = n.node.metadata.name ?? '';
      raw.set(name, (raw.get(name) ?? 0) + cnt * weight + (c.maxSkew - 1));
    }
  }
  // Fewer matching pods → higher score: upstream's NormalizeScore.
  let min = Infinity;
  let max = 0;
  const ints = new Map<string, number>();
  for (const n of feasible) {
    const name = n.node.metadata.name ?? '';
    const s = Math.round(raw.get(name) ?? 0);
    ints.set(name, s);
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  for (const [name, s] of ints) out.set(name, max === 0 ? 100 : Math.trunc((100 * (max + min - s)) / max));
  return out;
}
