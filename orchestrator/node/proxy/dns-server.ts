// The cluster DNS server (UDP and TCP on the kube-dns address): answers cluster names from the
// service table and forwards the rest to the upstream resolvers (the proxy container's own
// resolv.conf); when none answers it replies SERVFAIL instead of leaving the client waiting.
import dgram from 'node:dgram';
import net from 'node:net';
import { buildResponse, parseQuery, RCODE } from './dns-codec.js';
import { resolve, ServiceIndex } from './dns-resolver.js';

const FORWARD_TIMEOUT_MS = 2000;

export interface DnsServer {
  setIndex(index: ServiceIndex): void;
  close(): void;
}

/** Forwards a raw query over UDP to each upstream ("ip" or "ip:port") in turn; undefined when none answers. */
export function forwardQuery(
  packet: Buffer,
  upstreams: string[],
  timeoutMs = FORWARD_TIMEOUT_MS,
): Promise<Buffer | undefined> {
  return new Promise((done) => {
    const list = [...upstreams];
    const tryNext = () => {
      const upstream = list.shift();
      if (!upstream) return done(undefined);
      // "ip" or "ip:port" (IPv4 only: the proxy reads only IPv4 nameservers).
      const [ip, port = '53'] = upstream.split(':') as [string, string?];
      const sock = dgram.createSocket('udp4');
      const timer = setTimeout(() => {
        sock.close();
        tryNext();
      }, timeoutMs);
      sock.on('error', () => {
        clearTimeout(timer);
        sock.close();
        tryNext();
      });
      sock.on('message', (msg) => {
        if (msg.length >= 2 && msg.readUInt16BE(0) === packet.readUInt16BE(0)) {
          clearTimeout(timer);
          sock.close();
          done(msg);
        }
      });
      sock.send(packet, Number(port), ip);
    };
    tryNext();
  });
}

export async function answer(
  packet: Buffer,
  index: ServiceIndex,
  upstreams: string[],
): Promise<Buffer | undefined> {
  let q;
  try {
    q = parseQuery(packet);
  } catch {
    return undefined; // not a query we can even reply to
  }
  const r = resolve(index, q.question);
  if (r !== 'forward') return buildResponse(q, r.rcode, r.answers);
  const fwd = upstreams.length ? await forwardQuery(packet, upstreams) : undefined;
  return fwd ?? buildResponse(q, RCODE.SERVFAIL, [], false);
}

export function startDnsServer(
  host: string,
  port: number,
  initial: ServiceIndex,
  upstreams: string[],
  log: (l: string) => void,
): DnsServer {
  let index = initial;
  const udp = dgram.createSocket('udp4');
  udp.on('error', (e) => log(`dns udp: ${e.message}`));
  udp.on('message', (msg, rinfo) => {
    void answer(msg, index, upstreams).then((res) => {
      if (res) udp.send(res, rinfo.port, rinfo.address);
    });
  });
  udp.bind(port, host);
  const tcp = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => sock.destroy());
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        void answer(Buffer.from(msg), index, upstreams).then((res) => {
          if (!res || sock.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(res.length);
          sock.write(Buffer.concat([len, res]));
        });
      }
    });
  });
  tcp.on('error', (e) => log(`dns tcp: ${e.message}`));
  tcp.listen(port, host);
  return {
    setIndex: (i) => (index = i),
    close() {
      udp.close();
      tcp.close();
    },
  };
}
