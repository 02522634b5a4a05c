// Cluster DNS answers (upstream's DNS spec for Services): `<svc>.<ns>.svc.<domain>` → ClusterIP
// (or every ready pod IP when headless), `_<port>._<proto>.<svc>.<ns>.svc.<domain>` → SRV,
// `a-b-c-d.<ns>.pod.<domain>` → a.b.c.d. Names outside the cluster domain are forwarded.
import { RCODE, TYPE, type Answer, type Question } from './dns-codec.js';
import type { ProxyService, ProxyTable } from '../../proxy/table.js';

export const DNS_TTL = 30;

export type Resolution = { rcode: number; answers: Answer[] } | 'forward';

export class ServiceIndex {
  private readonly byName = new Map<string, ProxyService>();
  readonly domain: string;

  constructor(table: ProxyTable) {
    this.domain = table.clusterDomain.toLowerCase();
    for (const s of table.services) this.byName.set(`${s.name}.${s.namespace}`.toLowerCase(), s);
  }

  service(name: string, ns: string): ProxyService | undefined {
    return this.byName.get(`${name}.${ns}`);
  }
}

const IPV4_DASHED = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/;

export function resolve(index: ServiceIndex, q: Question): Resolution {
  const name = q.name.replace(/\.$/, '').toLowerCase();
  const suffix = `.${index.domain}`;
  if (!name.endsWith(suffix)) return 'forward';
  const labels = name.slice(0, -suffix.length).split('.');
  const nx = { rcode: RCODE.NXDOMAIN, answers: [] };
  const empty = { rcode: RCODE.NOERROR, answers: [] as Answer[] };
  const wantA = q.type === TYPE.A || q.type === TYPE.ANY;
  // <a-b-c-d>.<ns>.pod.<domain>
  if (labels.length === 3 && labels[2] === 'pod') {
    const m = IPV4_DASHED.exec(labels[0]);
    if (!m || m.slice(1).some((o) => Number(o) > 255)) return nx;
    return wantA
      ? { rcode: RCODE.NOERROR, answers: [{ type: 'A', name, ttl: DNS_TTL, ip: m.slice(1).join('.') }] }
      : empty;
  }
  const svcAt = labels.indexOf('svc');
  if (svcAt < 2 || svcAt !== labels.length - 1) {
    // svc.<domain>, <ns>.svc.<domain>: existing zones without records of their own.
    return labels.length <= 2 && labels[labels.length - 1] === 'svc' ? empty : nx;
  }
  const ns = labels[svcAt - 1];
  const svcName = labels[svcAt - 2];
  const prefix = labels.slice(0, svcAt - 2);
  const svc = index.service(svcName, ns);
  if (!svc) return nx;
  const target = `${svcName}.${ns}.svc.${index.domain}`;
  if (prefix.length === 0) {
    if (svc.externalName) {
      return {
        rcode: RCODE.NOERROR,
        answers: [{ type: 'CNAME', name, ttl: DNS_TTL, target: svc.externalName }],
      };
    }
    if (!wantA) return empty;
    const ips = svc.clusterIP ? [svc.clusterIP] : svc.podIPs;
    return {
      rcode: RCODE.NOERROR,
      answers: ips.map((ip) => ({ type: 'A' as const, name, ttl: DNS_TTL, ip })),
    };
  }
  if (prefix.length === 2 && prefix[0].startsWith('_') && prefix[1].startsWith('_')) {
    const portName = prefix[0].slice(1);
    const proto = prefix[1].slice(1).toUpperCase();
    const port = svc.ports.find((p) => p.name?.toLowerCase() === portName && p.protocol === proto);
    if (!port) return nx;
    if (q.type !== TYPE.SRV && q.type !== TYPE.ANY) return empty;
    return {
      rcode: RCODE.NOERROR,
      answers: [{ type: 'SRV', name, ttl: DNS_TTL, priority: 0, weight: 100, port: port.port, target }],
    };
  }
  return nx;
}
