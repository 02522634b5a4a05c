// Layer-4 forwarding for one address:port: TCP connections are piped to a backend chosen per
// connection (a failed connect retries once on another backend); UDP datagrams go through one
// connected socket per client, closed after an idle period. Used by the cluster proxy (ClusterIPs)
// and by the control plane's host listeners (NodePort / LoadBalancer on 127.0.0.1).
import dgram from 'node:dgram';
import net from 'node:net';
import { Balancer } from './balancer.js';
import type { Backend } from './table.js';

const UDP_IDLE_MS = 30_000;

export interface Listener {
  readonly balancer: Balancer;
  /** The bound port (0 asks the OS for one), undefined until listening. */
  port(): number | undefined;
  close(): void;
}

function clientIP(addr: string | undefined): string {
  return (addr ?? '').replace(/^::ffff:/, '');
}

function connectTo(client: net.Socket, balancer: Balancer, exclude?: Backend, attempt = 0): void {
  const b = balancer.pick(clientIP(client.remoteAddress), exclude);
  if (!b) {
    client.destroy(); // no ready endpoint: refuse like kube-proxy's REJECT
    return;
  }
  // Half-close passes through (a client that shuts down its side after the request still gets
  // the response), so both sockets allow half-open and the pipes carry each FIN across.
  const up = net.connect({ host: b.ip, port: b.port, allowHalfOpen: true });
  let connected = false;
  up.setNoDelay(true);
  up.once('connect', () => {
    connected = true;
    client.pipe(up);
    up.pipe(client);
    client.resume();
  });
  up.on('error', () => {
    if (!connected && attempt < 1 && !client.destroyed) connectTo(client, balancer, b, attempt + 1);
    else client.destroy();
  });
  up.on('close', (hadError) => {
    if (connected && hadError) client.destroy();
  });
  client.on('error', () => up.destroy());
  client.on('close', () => up.destroy());
}

export function listenTcp(
  host: string,
  port: number,
  balancer: Balancer,
  onError: (e: Error) => void,
  onListening?: () => void,
): Listener {
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
    client.setNoDelay(true);
    connectTo(client, balancer);
  });
  server.on('error', onError);
  server.listen({ host, port, exclusive: true }, onListening);
  return {
    balancer,
    port: () => (server.address() as net.AddressInfo | null)?.port,
    close: () => server.close(),
  };
}

export function listenUdp(
  host: string,
  port: number,
  balancer: Balancer,
  onError: (e: Error) => void,
): Listener {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  const sessions = new Map<string, { up: dgram.Socket; ready: boolean; timer?: NodeJS.Timeout }>();
  sock.on('error', onError);
  sock.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    let s = sessions.get(key);
    if (!s) {
      const b = balancer.pick(rinfo.address);
      if (!b) return;
      const up = dgram.createSocket('udp4');
      up.on('message', (reply) => sock.send(reply, rinfo.port, rinfo.address));
      up.on('error', () => undefined);
      up.connect(b.port, b.ip);
      const fresh = { up, ready: false, timer: undefined as NodeJS.Timeout | undefined };
      s = fresh;
      sessions.set(key, s);
      up.once('connect', () => {
        fresh.ready = true;
        up.send(msg);
      });
    } else if (s.ready) s.up.send(msg); // else: not connected yet, dropped like any UDP datagram
    clearTimeout(s.timer);
    const sess = s;
    s.timer = setTimeout(() => {
      sess.up.close();
      sessions.delete(key);
    }, UDP_IDLE_MS);
    s.timer.unref();
  });
  sock.bind(port, host);
  return {
    balancer,
    port: () => {
      try {
        return sock.address().port;
      } catch {
        return undefined;
      }
    },
    close() {
      sock.close();
      for (const s of sessions.values()) {
        clearTimeout(s.timer);
        s.up.close();
      }
    },
  };
}
