// The service table the cluster proxy serves: built in the control plane from Services and their
// Endpoints (pure, below) and handed to the proxy container as JSON. One table, no per-Service
// process: every ClusterIP:port is a socket in the one proxy.
import type { KubeObject } from '../api/types.js';

export interface Backend {
  ip: string;
  port: number;
}

export interface ProxyPort {
  name?: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Ready endpoints for this port. */
  backends: Backend[];
}

export interface ProxyService {
  namespace: string;
  name: string;
  /** undefined for headless Services (DNS answers with the pod IPs instead). */
  clusterIP?: string;
  /** Ready pod IPs (what a headless name resolves to). */
  podIPs: string[];
  affinity: 'None' | 'ClientIP';
  affinityTimeoutSec: number;
  ports: ProxyPort[];
  externalName?: string;
}

export interface ProxyTable {
  clusterDomain: string;
  /** The cluster DNS address the proxy answers on (kube-dns ClusterIP). */
  dnsIP: string;
  serviceCIDR: string;
  services: ProxyService[];
}

const DEFAULT_AFFINITY_TIMEOUT = 10_800;

/** Ready backends of one Service port from its Endpoints subsets (matched by port name). */
export function backendsFor(svcPort: any, endpoints: KubeObject | undefined): Backend[] {
  const out: Backend[] = [];
  for (const s of endpoints?.subsets ?? []) {
    const ep = (s.ports ?? []).find(
      (p: any) =>
        (p.name ?? '') === (svcPort.name ?? '') && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP'),
    );
    if (!ep) continue;
    for (const a of s.addresses ?? []) out.push({ ip: a.ip, port: ep.port });
  }
  return out;
}

export function buildProxyTable(
  services: KubeObject[],
  endpoints: (ns: string, name: string) => KubeObject | undefined,
  opts: { clusterDomain: string; dnsIP: string; serviceCIDR: string },
): ProxyTable {
  const out: ProxyService[] = [];
  for (const svc of services) {
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    const ep = endpoints(ns, name);
    const ip = svc.spec?.clusterIP;
    const podIPs = new Set<string>();
    for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) podIPs.add(a.ip);
    out.push({
      namespace: ns,
      name,
      clusterIP: ip && ip !== 'None' ? ip : undefined,
      podIPs: [...podIPs].sort(),
      affinity: svc.spec?.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
      affinityTimeoutSec:
        svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT,
      ports: (svc.spec?.ports ?? []).map((p: any) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        backends: backendsFor(p, ep),
      })),
      ...(svc.spec?.type === 'ExternalName' ? { externalName: svc.spec.externalName } : {}),
    });
  }
  out.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  return { ...opts, services: out };
}

/** Where the proxy container reads its table (copied in by the control plane). */
export const TABLE_FILE = '/kubedeck/table.json';
export const PROXY_BUNDLE_FILE = '/kubedeck/proxy.mjs';
