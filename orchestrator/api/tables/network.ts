// Service, Endpoints and EndpointSlice rows (upstream printService / printEndpoints / printEndpointSlice).
import type { KubeObject } from '../types.js';
import { ENDPOINTSLICE, ENDPOINTS_SUBSETS, META_CREATION, META_NAME, SERVICE } from './descriptions.js';
import { since } from './duration.js';
import { formatLabels, joinHostPort, listWithMore } from './format.js';
import { col, type Printer } from './types.js';

/** loadBalancerStatusStringer in wide mode (the server always prints wide, so no clipping). */
function loadBalancerIPs(svc: KubeObject): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export function servicePorts(
  ports: { port?: number; nodePort?: number; protocol?: string }[] | undefined,
): string {
  const s = (ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
  return s || '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Type', 'string', SERVICE.type),
    col('Cluster-IP', 'string', SERVICE.clusterIP),
    col('External-IP', 'string', SERVICE.externalIPs),
    col('Port(s)', 'string', SERVICE.ports),
    col('Age', 'string', META_CREATION),
    col('Selector', 'string', SERVICE.selector, 1),
  ],
  row(svc, now) {
    // v1→internal conversion fills clusterIPs from a lone clusterIP.
    const clusterIP: string = svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
    return {
      cells: [
        svc.metadata.name ?? '',
        svc.spec?.type ?? 'ClusterIP',
        clusterIP,
        serviceExternalIP(svc),
        servicePorts(svc.spec?.ports),
        since(svc.metadata.creationTimestamp, now),
        formatLabels(svc.spec?.selector),
      ],
    };
  },
};

/** formatEndpoints with all ports: up to 3 "ip:port" entries then "+ N more...". */
export function formatEndpoints(ep: KubeObject): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses: { ip: string }[] = ss.addresses ?? [];
    const ports: { port?: number }[] = ss.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port ?? 0));
      }
    }
  }
  return listWithMore(list, more, count, max, '');
}

export const endpointsPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Endpoints', 'string', ENDPOINTS_SUBSETS),
    col('Age', 'string', META_CREATION),
  ],
  row(ep, now) {
    return {
      cells: [ep.metadata.name ?? '', formatEndpoints(ep), since(ep.metadata.creationTimestamp, now)],
    };
  },
};

function discoveryPorts(ports: { port?: number | null; name?: string | null }[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) {
      list.push(p.port !== undefined && p.port !== null ? String(p.port) : p.name != null ? p.name : '*');
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count, max, '<unset>');
}

function discoveryEndpoints(endpoints: { addresses?: string[] }[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const e of endpoints ?? []) {
    for (const a of e.addresses ?? []) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max, '<unset>');
}

export const endpointSlicePrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('AddressType', 'string', ENDPOINTSLICE.addressType),
    col('Ports', 'string', ENDPOINTSLICE.ports),
    col('Endpoints', 'string', ENDPOINTSLICE.endpoints),
    col('Age', 'string', META_CREATION),
  ],
  row(es, now) {
    return {
      cells: [
        es.metadata.name ?? '',
        es.addressType ?? '',
        discoveryPorts(es.ports),
        discoveryEndpoints(es.endpoints),
        since(es.metadata.creationTimestamp, now),
      ],
    };
  },
};
