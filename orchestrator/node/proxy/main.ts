// The cluster service proxy: one container per cluster (node image, NET_ADMIN) that owns the
// whole service range as local addresses (`ip route add local <cidr> dev lo`), so a socket can
// bind any ClusterIP without per-address setup; pods route the range here. It reads the service
// table the control plane copies to TABLE_FILE and keeps one listener per ClusterIP:port plus the
// cluster DNS server. Nothing here is per-Service but a socket and a small balancer.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { Balancer } from '../../proxy/balancer.js';
import { ServiceIndex } from './dns-resolver.js';
import { routeScript } from './route-script.js';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { listenTcp, listenUdp, type Listener } from '../../proxy/forwarder.js';
import { TABLE_FILE, type ProxyTable } from '../../proxy/table.js';

const POLL_MS = 200;
const log = (l: string) => process.stdout.write(`${new Date().toISOString()} ${l}\n`);

function upstreamResolvers(): string[] {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[0] === 'nameserver' && f[1] && !f[1].includes(':'))
      .map((f) => f[1]);
  } catch {
    return [];
  }
}

function claimRange(cidr: string): void {
  try {
    execFileSync('sh', ['-c', routeScript('local', cidr)], { stdio: 'pipe' });
  } catch (e) {
    log(`cannot claim ${cidr}: ${(e as Error).message}`);
    process.exit(1);
  }
}

const listeners = new Map<string, Listener>();
let dns: DnsServer | undefined;

function apply(table: ProxyTable): void {
  const wanted = new Set<string>();
  for (const svc of table.services) {
    if (!svc.clusterIP || svc.clusterIP === table.dnsIP) continue;
    for (const p of svc.ports) {
      if (p.protocol === 'SCTP') continue;
      const key = `${p.protocol}/${svc.clusterIP}:${p.port}`;
      wanted.add(key);
      const timeout = svc.affinityTimeoutSec * 1000;
      const existing = listeners.get(key);
      if (existing) {
        existing.balancer.update(p.backends, svc.affinity, timeout);
        continue;
      }
      const b = new Balancer(p.backends, svc.affinity, timeout);
      const onError = (e: Error) => log(`${key} (${svc.namespace}/${svc.name}): ${e.message}`);
      listeners.set(
        key,
        p.protocol === 'UDP'
          ? listenUdp(svc.clusterIP, p.port, b, onError)
          : listenTcp(svc.clusterIP, p.port, b, onError),
      );
    }
  }
  for (const [key, l] of listeners) {
    if (!wanted.has(key)) {
      l.close();
      listeners.delete(key);
    }
  }
  const index = new ServiceIndex(table);
  if (dns) dns.setIndex(index);
  else {
    dns = startDnsServer(table.dnsIP, 53, index, upstreamResolvers(), log);
    log(`cluster DNS on ${table.dnsIP}:53`);
  }
}

function main(): void {
  let claimed = false;
  let seen = '';
  const tick = () => {
    let st;
    try {
      st = statSync(TABLE_FILE);
    } catch {
      return; // not copied in yet
    }
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (stamp === seen) return;
    let table: ProxyTable;
    try {
      table = JSON.parse(readFileSync(TABLE_FILE, 'utf8'));
    } catch {
      return; // caught mid-copy: read again on the next tick
    }
    seen = stamp;
    if (!claimed) {
      claimRange(table.serviceCIDR);
      claimed = true;
    }
    apply(table);
    log(`table: ${table.services.length} services, ${listeners.size} listeners`);
  };
  tick();
  setInterval(tick, POLL_MS);
  process.on('SIGTERM', () => process.exit(0));
}

main();
