// Resource arithmetic of the scheduler: what a pod requests and what a node has left.
// CPU is counted in millicores, memory and storage in bytes, like upstream's Resource struct.
import { parseQuantityMilli } from '../api/validation/quantity.js';
import type { KubeObject } from '../api/types.js';

export type ResourceList = Record<string, number>;

/** Upstream's defaults for containers without requests, used only for scoring (non-zero requests). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
export const DEFAULT_MAX_PODS = 110;

/** cpu → millicores; everything else → whole units (bytes, counts). */
export function quantityValue(resource: string, v: unknown): number {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  const milli = parseQuantityMilli(text);
  if (milli === undefined) return 0;
  if (resource === 'cpu') return Number(milli);
  // Whole units, rounded up like Quantity.Value().
  const whole = milli / 1000n + (milli % 1000n > 0n ? 1n : 0n);
  return Number(whole);
}

export function toResourceList(raw: Record<string, unknown> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(raw ?? {})) out[k] = quantityValue(k, v);
  return out;
}

function addInto(acc: ResourceList, r: ResourceList): void {
  for (const [k, v] of Object.entries(r)) acc[k] = (acc[k] ?? 0) + v;
}

function maxInto(acc: ResourceList, r: ResourceList): void {
  for (const [k, v] of Object.entries(r)) acc[k] = Math.max(acc[k] ?? 0, v);
}

function containerRequests(c: any, nonZero: boolean): ResourceList {
  const r = toResourceList(c?.resources?.requests);
  if (nonZero) {
    if (!r.cpu) r.cpu = DEFAULT_MILLI_CPU_REQUEST;
    if (!r.memory) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * A pod's effective request: max(sum of app containers + sidecars, largest init container
 * step (an init container plus the sidecars started before it)) + overhead.
 * nonZero substitutes upstream's 100m / 200Mi for missing cpu/memory requests (scoring).
 */
export function podRequests(pod: KubeObject, nonZero = false): ResourceList {
  const sum: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) addInto(sum, containerRequests(c, nonZero));
  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c?.restartPolicy === 'Always') {
      addInto(sidecars, r);
      maxInto(initMax, { ...sidecars });
    } else {
      const step = { ...sidecars };
      addInto(step, r);
      maxInto(initMax, step);
    }
  }
  addInto(sum, sidecars);
  maxInto(sum, initMax);
  addInto(sum, toResourceList(pod.spec?.overhead));
  return sum;
}

/** What a node offers to pods: status.allocatable, falling back to capacity; pods default 110. */
export function nodeAllocatable(node: KubeObject): ResourceList {
  const alloc = toResourceList(node.status?.allocatable ?? node.status?.capacity);
  if (alloc.pods === undefined) alloc.pods = DEFAULT_MAX_PODS;
  return alloc;
}

/** Pods that still hold node resources: not Succeeded/Failed. */
export function holdsResources(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** A node plus the pods assigned to it, with their summed requests (upstream NodeInfo). */
export interface NodeInfo {
  node: KubeObject;
  pods: KubeObject[];
  allocatable: ResourceList;
  requested: ResourceList;
  nonZeroRequested: ResourceList;
}

export function buildNodeInfo(node: KubeObject, assignedPods: KubeObject[]): NodeInfo {
  const pods = assignedPods.filter(holdsResources);
  const requested: ResourceList = {};
  const nonZeroRequested: ResourceList = {};
  for (const p of pods) {
    addInto(requested, podRequests(p));
    addInto(nonZeroRequested, podRequests(p, true));
  }
  return { node, pods, allocatable: nodeAllocatable(node), requested, nonZeroRequested };
}
