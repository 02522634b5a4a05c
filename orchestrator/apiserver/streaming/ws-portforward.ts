// portforward over the WebSocket channel protocols (what the Python client and other non-kubectl
// clients speak; upstream kubelet's portforward/websocket.go): the ports come from the query,
// port i owns channel 2i (data) and 2i+1 (error), the server's first frame on each channel is
// the port as 2 bytes little-endian, one pod connection per port, and the WebSocket closes
// once every port's connection has ended.
import net from 'node:net';
import type { WebSocket } from 'ws';
import { badRequest } from '../../api/errors.js';
import { decodeFrame } from './channel.js';
import { dialPod, type ForwardTarget } from './portforward.js';
import { messageBytes, sendFrame } from './ws-io.js';

/** Subprotocols of the channel form for port-forward; '' is a client that offers none. */
export const WS_PORTFORWARD_PROTOCOLS = [
  'v4.channel.k8s.io',
  'v4.base64.channel.k8s.io',
  'portforward.k8s.io',
] as const;

/**
 * The ports of a WebSocket port-forward: `ports` (the API server's PodPortForwardOptions) or
 * `port` (the kubelet's name), repeated or comma-separated, each 1–65535.
 */
export function forwardPorts(q: URLSearchParams): number[] {
  const raw = [...q.getAll('ports'), ...q.getAll('port')];
  if (raw.length === 0) throw badRequest('query parameter "port" is required');
  const ports: number[] = [];
  for (const value of raw) {
    if (value === '') throw badRequest('query parameter "port" cannot be empty');
    for (const p of value.split(',')) {
      const n = /^\d+$/.test(p) ? Number(p) : NaN;
      if (!(n <= 65535)) throw badRequest(`unable to parse "${value}" as a port: invalid syntax`);
      if (n < 1) throw badRequest(`port "${value}" must be > 0`);
      ports.push(n);
    }
  }
  return ports;
}

export function serveWsPortForward(
  ws: WebSocket,
  protocol: string,
  ports: number[],
  target: ForwardTarget,
): void {
  const base64 = protocol.includes('base64');
  const sockets: net.Socket[] = [];
  let open = ports.length;
  const portDone = () => {
    if (--open === 0 && ws.readyState === ws.OPEN) ws.close(1000);
  };
  ports.forEach((port, i) => {
    const data = 2 * i;
    const error = data + 1;
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    sendFrame(ws, base64, data, prefix);
    sendFrame(ws, base64, error, prefix);
    const sock = dialPod(target, port);
    sockets[i] = sock;
    let failed = false;
    sock.on('data', (chunk: Buffer) => {
      sock.pause();
      sendFrame(ws, base64, data, chunk, () => sock.resume());
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = true;
      const why =
        e.code === 'ECONNREFUSED'
          ? `dial tcp ${target.podIp}:${port}: connect: connection refused`
          : e.message;
      sendFrame(
        ws,
        base64,
        error,
        `error forwarding port ${port} to pod ${target.podName}, uid ${target.podUid}: ${why}`,
      );
    });
    sock.once('close', portDone);
  });
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    const m = decodeFrame(base64, messageBytes(raw));
    if (m.kind !== 'data' || m.channel % 2 !== 0) return; // error channels are server → client
    const sock = sockets[m.channel / 2];
    if (sock && !sock.destroyed && m.data.length) sock.write(m.data);
  });
  ws.on('close', () => {
    for (const s of sockets) s.destroy();
  });
}
