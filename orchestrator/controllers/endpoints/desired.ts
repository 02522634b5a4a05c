// Pure computation of a Service's Endpoints subsets and EndpointSlices from its pods (upstream
// endpoints / endpointslice controllers): which pods count, how targetPort resolves per pod
// (numbers, or a container port name), and readiness.
import type { KubeObject } from '../../api/types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

/** Whether the pod has a Ready=True condition. */
export function podReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Pods that can be endpoints at all: have an IP, are not finished (terminating ones are kept for slices). */
export function podEligible(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !!pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed';
}

/** A Service port's targetPort on one pod; undefined when a named port is not found in the pod. */
export function resolveTargetPort(svcPort: any, pod: KubeObject): number | undefined {
  const tp = svcPort.targetPort ?? svcPort.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(String(tp))) return Number(tp);
  const proto = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === tp && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

export function podPorts(svc: KubeObject, pod: KubeObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = resolveTargetPort(sp, pod);
    if (port === undefined) continue;
    out.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
  }
  return out;
}

function targetRef(pod: KubeObject) {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
}

const byIP = (a: { ip: string }, b: { ip: string }) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);

/** The subsets of a selector Service's Endpoints: pods grouped by their resolved port set. */
export function desiredSubsets(svc: KubeObject, pods: KubeObject[]): any[] {
  const publishAll = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<string, { ports: EndpointPort[]; addresses: any[]; notReadyAddresses: any[] }>();
  for (const pod of pods) {
    if (!podEligible(pod) || pod.metadata.deletionTimestamp) continue;
    const ports = podPorts(svc, pod);
    if (!ports.length && (svc.spec?.ports ?? []).length) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, addresses: [], notReadyAddresses: [] }));
    const addr: any = { ip: pod.status.podIP, targetRef: targetRef(pod) };
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) addr.hostname = pod.spec.hostname;
    (publishAll || podReady(pod) ? g.addresses : g.notReadyAddresses).push(addr);
  }
  const subsets: any[] = [];
  for (const g of [...groups.values()].sort((a, b) =>
    JSON.stringify(a.ports) < JSON.stringify(b.ports) ? -1 : 1,
  )) {
    const s: any = {};
    if (g.addresses.length) s.addresses = g.addresses.sort(byIP);
    if (g.notReadyAddresses.length) s.notReadyAddresses = g.notReadyAddresses.sort(byIP);
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

export interface SliceContent {
  ports: EndpointPort[];
  endpoints: any[];
}

/** EndpointSlice contents: endpoints grouped by port set, at most 100 per slice, sorted for stable diffs. */
export function desiredSlices(svc: KubeObject, pods: KubeObject[]): SliceContent[] {
  const publishAll = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<string, SliceContent>();
  for (const pod of pods) {
    if (!podEligible(pod)) continue;
    const ports = podPorts(svc, pod);
    if (!ports.length && (svc.spec?.ports ?? []).length) continue;
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = podReady(pod);
    const ep: any = {
      addresses: [pod.status.podIP],
      conditions: {
        ready: publishAll || (ready && !terminating),
        serving: ready,
        terminating,
      },
      targetRef: targetRef(pod),
    };
    if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
    if (pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
    g.endpoints.push(ep);
  }
  const out: SliceContent[] = [];
  for (const g of groups.values()) {
    g.endpoints.sort((a, b) =>
      a.addresses[0] < b.addresses[0] ? -1 : a.addresses[0] > b.addresses[0] ? 1 : 0,
    );
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  return out;
}
