// portforward.k8s.io over a SPDY session: for each forwarded connection the client opens an
// "error" and a "data" stream sharing a requestID and naming the port; we dial podIP:port from
// the control plane (the host routes to the cluster network) and splice bytes both ways.
// Failures are reported on the error stream like the kubelet words them.
import net from 'node:net';
import type { SpdySession, SpdyStream } from './spdy/session.js';

export interface ForwardTarget {
  podName: string;
  podUid: string;
  podIp: string;
  /** Dial timeout for the pod connection. */
  connectTimeoutMs?: number;
}

/** Connects to a pod's port; a connection not made within the target's timeout fails as Go's dialer words it. */
export function dialPod(target: ForwardTarget, port: number): net.Socket {
  const sock = net.connect({ host: target.podIp, port, timeout: target.connectTimeoutMs ?? 10_000 });
  let connected = false;
  sock.on('timeout', () => {
    if (!connected) sock.destroy(new Error(`dial tcp ${target.podIp}:${port}: i/o timeout`));
  });
  sock.on('connect', () => {
    connected = true;
    sock.setTimeout(0);
  });
  return sock;
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** How long one half of a stream pair may wait for the other (upstream: streamCreationTimeout). */
export const PAIR_TIMEOUT_MS = 30_000;

export function servePortForward(session: SpdySession, target: ForwardTarget): void {
  const pairs = new Map<string, Pair>();
  session.on('stream', (s: SpdyStream) => {
    const type = s.headers['streamtype'];
    const id = s.headers['requestid'] ?? s.headers['port'] ?? '';
    if (type !== 'data' && type !== 'error') {
      s.destroy();
      return;
    }
    let pair = pairs.get(id);
    if (!pair) {
      const timer = setTimeout(() => {
        const p = pairs.get(id);
        pairs.delete(id);
        p?.data?.destroy();
        p?.error?.destroy();
      }, PAIR_TIMEOUT_MS);
      timer.unref();
      pair = { timer };
      pairs.set(id, pair);
    }
    if (pair[type]) {
      s.destroy(); // duplicate stream for this request
      return;
    }
    pair[type] = s;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      forward(session, pair.data, pair.error, target);
    }
  });
}

function forward(session: SpdySession, data: SpdyStream, error: SpdyStream, target: ForwardTarget): void {
  const portText = data.headers['port'] ?? '';
  const port = Number(portText);
  const fail = (message: string) => {
    error.write(Buffer.from(message));
    error.end();
    data.end();
  };
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    fail(`invalid port: ${JSON.stringify(portText)}`);
    return;
  }
  const prefix = `error forwarding port ${port} to pod ${target.podName}, uid ${target.podUid}`;
  const sock = dialPod(target, port);
  sock.on('data', (chunk: Buffer) => {
    if (!data.write(chunk)) {
      sock.pause();
      session.once('drain', () => sock.resume());
    }
  });
  data.on('data', (chunk: Buffer) => {
    if (!sock.destroyed) sock.write(chunk);
  });
  // The client half-closes when its local connection ends.
  data.on('end', () => {
    if (!sock.destroyed) sock.end(); // queued until connected
  });
  data.on('reset', () => sock.destroy());
  let done = false;
  sock.on('error', (e: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    const why =
      e.code === 'ECONNREFUSED' ? `dial tcp ${target.podIp}:${port}: connect: connection refused` : e.message;
    fail(`${prefix}: ${why}`);
  });
  sock.on('close', () => {
    if (done) return;
    done = true;
    data.end();
    error.end();
  });
}
