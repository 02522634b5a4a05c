// Filter plugins, in upstream's default order. Each returns undefined when the node fits or a
// status with the reasons (the strings FailedScheduling counts) and whether preemption could help.
import type { KubeObject } from '../api/types.js';
import { matchesRequiredNodeAffinity } from './node-affinity.js';
import { podRequests, type NodeInfo } from './resources.js';
import { effectiveTaints, firstUntoleratedTaint, tolerated, TAINT_UNSCHEDULABLE } from './taints.js';

export interface FilterStatus {
  plugin: string;
  /** UnschedulableAndUnresolvable: removing pods from the node would not help (no preemption). */
  code: 'Unschedulable' | 'UnschedulableAndUnresolvable';
  reasons: string[];
}

export type FilterPlugin = (pod: KubeObject, info: NodeInfo) => FilterStatus | undefined;

const fail = (plugin: string, code: FilterStatus['code'], ...reasons: string[]): FilterStatus => ({
  plugin,
  code,
  reasons,
});

export const nodeUnschedulable: FilterPlugin = (pod, { node }) => {
  if (!node.spec?.unschedulable) return undefined;
  if (tolerated(pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
  return fail('NodeUnschedulable', 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
};

export const nodeName: FilterPlugin = (pod, { node }) => {
  const want = pod.spec?.nodeName;
  if (!want || want === node.metadata.name) return undefined;
  return fail('NodeName', 'UnschedulableAndUnresolvable', "node(s) didn't match the requested node name");
};

export const taintToleration: FilterPlugin = (pod, { node }) => {
  const taint = firstUntoleratedTaint(pod, effectiveTaints(node));
  if (!taint) return undefined;
  return fail(
    'TaintToleration',
    'UnschedulableAndUnresolvable',
    `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
  );
};

export const nodeAffinity: FilterPlugin = (pod, { node }) => {
  if (matchesRequiredNodeAffinity(pod, node)) return undefined;
  return fail(
    'NodeAffinity',
    'UnschedulableAndUnresolvable',
    "node(s) didn't match Pod's node affinity/selector",
  );
};

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

function hostPorts(pod: KubeObject): HostPort[] {
  const out: HostPort[] = [];
  const containers = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []).filter((c: any) => c?.restartPolicy === 'Always'),
  ];
  for (const c of containers) {
    for (const p of c?.ports ?? []) {
      if (!p?.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** Same protocol and port, and overlapping addresses (0.0.0.0 overlaps everything). */
function conflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

export const nodePorts: FilterPlugin = (pod, info) => {
  const wanted = hostPorts(pod);
  if (!wanted.length) return undefined;
  const used = info.pods.flatMap(hostPorts);
  if (!wanted.some((w) => used.some((u) => conflicts(w, u)))) return undefined;
  return fail('NodePorts', 'Unschedulable', "node(s) didn't have free ports for the requested pod ports");
};

const RESOURCE_ORDER = ['cpu', 'memory', 'ephemeral-storage'];

export const nodeResourcesFit: FilterPlugin = (pod, info) => {
  const reasons: string[] = [];
  if (info.pods.length + 1 > info.allocatable.pods) reasons.push('Too many pods');
  const req = podRequests(pod);
  const names = Object.keys(req).filter((k) => k !== 'pods');
  names.sort((a, b) => {
    const ia = RESOURCE_ORDER.indexOf(a);
    const ib = RESOURCE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const r of names) {
    const want = req[r];
    if (!want) continue;
    const free = (info.allocatable[r] ?? 0) - (info.requested[r] ?? 0);
    if (want > free) reasons.push(`Insufficient ${r}`);
  }
  return reasons.length ? fail('NodeResourcesFit', 'Unschedulable', ...reasons) : undefined;
};

export const DEFAULT_FILTERS: FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  nodeResourcesFit,
];

/** Runs the filters in order; the first failure decides (as upstream's RunFilterPlugins). */
export function runFilters(
  pod: KubeObject,
  info: NodeInfo,
  filters = DEFAULT_FILTERS,
): FilterStatus | undefined {
  for (const f of filters) {
    const s = f(pod, info);
    if (s) return s;
  }
  return undefined;
}
