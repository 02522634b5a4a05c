// A node's capacity, allocatable, summed pod requests and live usage (`kubectl top node`), joined
// from the Node, its pods and the metrics source. Split from nodes.ts as its own concern.
import type { Registry } from '../api/registry/registry.js';
import { notFound } from '../api/errors.js';
import { metricsSourceFor } from '../metrics/source.js';
import { goDuration } from '../metrics/render.js';
import { holdsResources, podRequests, toResourceList } from '../scheduler/resources.js';
import type { NodeResources, NodeUsageResult } from '../contract/index.js';
import { kindInfo } from './kinds.js';

const NODES = kindInfo('nodes');
const PODS = kindInfo('pods');

function resources(raw: Record<string, unknown> | undefined): NodeResources {
  const r = toResourceList(raw);
  return {
    cpu: (r.cpu ?? 0) / 1000,
    memory: r.memory ?? 0,
    ...(r.pods !== undefined ? { pods: r.pods } : {}),
  };
}

/** Capacity, allocatable, summed pod requests and (when collected) live usage, like `kubectl top node`. */
export function nodeUsage(registry: Registry, p: { name: string }): NodeUsageResult {
  const node = registry.tryGet(NODES, '', p.name);
  if (!node) throw notFound(NODES, p.name);
  const requests = { cpu: 0, memory: 0, pods: 0 };
  for (const pod of registry.list(PODS, undefined, { fieldSelector: `spec.nodeName=${p.name}` }).items) {
    if (!holdsResources(pod)) continue;
    const r = podRequests(pod);
    requests.cpu += (r.cpu ?? 0) / 1000;
    requests.memory += r.memory ?? 0;
    requests.pods += 1;
  }
  const u = metricsSourceFor(registry)?.snapshot().nodes.get(p.name);
  return {
    kubectl: `kubectl top node ${p.name}`,
    message: u ? '' : 'metrics not yet available',
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable ?? node.status?.capacity),
    requests,
    ...(u
      ? {
          usage: {
            cpu: u.cpuNanoCores / 1e9,
            memory: u.memoryBytes,
            timestamp: new Date(u.timestampMs).toISOString(),
            window: goDuration(u.windowMs),
          },
        }
      : {}),
  };
}
