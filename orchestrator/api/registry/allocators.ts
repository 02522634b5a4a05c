// Cluster IP and node port allocation for Services, derived from the Services already stored.
import type { FieldError, KubeObject } from '../types.js';

export const SERVICE_CIDR = { base: ipToInt('10.96.0.0'), size: 1 << 20 }; // 10.96.0.0/12
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const DNS_SERVICE_IP = '10.96.0.10';
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function inServiceRange(ip: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return false;
  const n = ipToInt(ip);
  return n > SERVICE_CIDR.base && n < SERVICE_CIDR.base + SERVICE_CIDR.size - 1;
}

export interface Allocations {
  ips: Set<string>;
  ports: Set<number>;
}

export function usedAllocations(services: KubeObject[], exceptUid?: string): Allocations {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const s of services) {
    if (exceptUid && s.metadata.uid === exceptUid) continue;
    for (const ip of s.spec?.clusterIPs ?? [s.spec?.clusterIP]) if (ip && ip !== 'None') ips.add(ip);
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) ports.add(s.spec.healthCheckNodePort);
  }
  return { ips, ports };
}

/** Random pick like upstream's bitmap allocator (low part of the range is reserved for static IPs). */
function pickIp(used: Set<string>): string | undefined {
  const reserved = 16; // upstream keeps the first slice of the range for statically chosen IPs
  for (let i = 0; i < 1000; i++) {
    const off = reserved + Math.floor(Math.random() * (SERVICE_CIDR.size - reserved - 2));
    const ip = intToIp(SERVICE_CIDR.base + off);
    if (!used.has(ip)) return ip;
  }
  for (let off = 2; off < SERVICE_CIDR.size - 1; off++) {
    const ip = intToIp(SERVICE_CIDR.base + off);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

function pickPort(used: Set<number>): number | undefined {
  const span = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const p = NODE_PORT_RANGE.min + ((start + i) % span);
    if (!used.has(p)) return p;
  }
  return undefined;
}

function needsNodePorts(svc: KubeObject): boolean {
  const t = svc.spec?.type;
  return t === 'NodePort' || (t === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);
}

/**
 * Fills spec.clusterIP(s) and nodePorts, keeping values the user (or the old object) chose.
 * Returns field errors for values that are taken or out of range.
 */
export function allocateServiceAddresses(svc: KubeObject, used: Allocations, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? (svc.spec = {});
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else {
    if (old && old.spec?.clusterIP && old.spec.type !== 'ExternalName') {
      if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = old.spec.clusterIP;
    }
    const wanted: string | undefined = spec.clusterIP || spec.clusterIPs?.[0] || undefined;
    if (wanted === 'None') {
      spec.clusterIP = 'None';
      spec.clusterIPs = ['None'];
    } else if (wanted) {
      const mine = old?.spec?.clusterIP === wanted;
      if (!mine && !inServiceRange(wanted)) {
        errs.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          value: [wanted],
          detail: `failed to allocate IP ${wanted}: the provided IP (${wanted}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
        });
      } else if (!mine && used.ips.has(wanted)) {
        errs.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          value: [wanted],
          detail: `failed to allocate IP ${wanted}: provided IP is already allocated`,
        });
      }
      spec.clusterIP = wanted;
      spec.clusterIPs = [wanted];
    } else {
      const ip = pickIp(used.ips);
      if (!ip)
        errs.push({
          type: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          value: [],
          detail: 'range is full',
        });
      else {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
        used.ips.add(ip);
      }
    }
  }
  const ports: any[] = spec.ports ?? [];
  if (needsNodePorts(svc)) {
    ports.forEach((p, i) => {
      const prev = old?.spec?.ports?.find(
        (q: any) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
      );
      if (!p.nodePort && prev?.nodePort) p.nodePort = prev.nodePort;
      if (p.nodePort) {
        const mine = old?.spec?.ports?.some((q: any) => q.nodePort === p.nodePort);
        if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
          errs.push({
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            value: p.nodePort,
            detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
          });
        } else if (!mine && used.ports.has(p.nodePort)) {
          errs.push({
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            value: p.nodePort,
            detail: 'provided port is already allocated',
          });
        }
        used.ports.add(p.nodePort);
      } else {
        const np = pickPort(used.ports);
        if (np === undefined)
          errs.push({
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            value: 0,
            detail: 'range is full',
          });
        else {
          p.nodePort = np;
          used.ports.add(np);
        }
      }
    });
  } else {
    for (const p of ports) delete p.nodePort;
  }
  if (type !== 'ExternalName' && spec.clusterIP !== 'None') {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  return errs;
}
