// Entry point for connection upgrades on the API server: pods/exec, pods/attach and
// pods/portforward over SPDY/3.1 (kubectl ≤1.29 exec, ≤1.30 port-forward) or WebSocket
// (v5/v4.channel.k8s.io for exec/attach since 1.30, SPDY-tunnelled port-forward since 1.31).
// Everything that can fail is checked BEFORE answering 101, so errors reach kubectl as Status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { badRequest, StatusError } from '../../api/errors.js';
import type { Registry } from '../../api/registry/registry.js';
import type { KubeObject } from '../../api/types.js';
import { LABEL } from '../../node/kubelet/naming.js';
import type { ContainerRuntime } from '../../runtime/types.js';
import { parseResourcePath } from '../route.js';
import { allContainerNames } from '../pod-containers.js';
import { WS_PROTOCOLS } from './channel.js';
import { servePortForward } from './portforward.js';
import { commandOptions, runRemoteCommand, type CommandOptions } from './remotecommand.js';
import { SpdySession } from './spdy/session.js';
import { spdyClientIO } from './spdy-io.js';
import { wsClientIO } from './ws-io.js';
import { forwardPorts, serveWsPortForward, WS_PORTFORWARD_PROTOCOLS } from './ws-portforward.js';

export interface UpgradeContext {
  registry: Registry;
  runtime?: ContainerRuntime;
  authenticate(req: IncomingMessage): boolean;
  log?: (line: string) => void;
}

const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';
const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';
const WS_TUNNEL_PREFIX = 'SPDY/3.1+';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function reject(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${REASONS[err.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Values of a header kubectl may repeat (node joins repeats with ", "). */
function headerList(req: IncomingMessage, name: string): string[] {
  const v = req.headers[name];
  const all = Array.isArray(v) ? v : v ? [v] : [];
  return all
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

interface Plan {
  kind: 'exec' | 'attach' | 'portforward';
  pod: KubeObject;
  opts?: CommandOptions;
  containerId?: string;
}

async function plan(req: IncomingMessage, url: URL, ctx: UpgradeContext): Promise<Plan> {
  const route = parseResourcePath(url.pathname.replace(/\/+$/, ''));
  const kind = route?.subresource;
  if (
    !route ||
    route.info.storage !== 'core/pods' ||
    !route.name ||
    (kind !== 'exec' && kind !== 'attach' && kind !== 'portforward')
  ) {
    throw new StatusError(400, 'BadRequest', `upgrade is not supported for ${url.pathname}`, {});
  }
  const pod = ctx.registry.get(route.info, route.namespace, route.name);
  const name = route.name;
  const phase = pod.status?.phase;
  if (kind === 'portforward') {
    if (phase === 'Succeeded' || phase === 'Failed')
      throw badRequest(`cannot port-forward to a completed pod; current phase is ${phase}`);
    if (!pod.status?.podIP) throw badRequest(`pod ${name} does not have a host assigned`);
    return { kind, pod };
  }
  const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const q = url.searchParams;
  const wanted = q.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
  if (!wanted) {
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
    );
  }
  // Any container of the pod may be named: regular, init or ephemeral (upstream podHasContainerWithName).
  if (!allContainerNames(pod).includes(wanted))
    throw badRequest(`container ${wanted} is not valid for pod ${name}`);
  if (phase === 'Succeeded' || phase === 'Failed') {
    const verb = kind === 'exec' ? 'exec into' : 'attach to';
    throw badRequest(`cannot ${verb} a container in a completed pod; current phase is ${phase}`);
  }
  const opts = commandOptions(q, kind === 'exec');
  const runtime = ctx.runtime;
  if (!runtime?.execStream || !runtime.attachStream) {
    throw new StatusError(
      503,
      'ServiceUnavailable',
      'no container runtime is connected to the API server',
      {},
    );
  }
  const instances = (
    await runtime.listContainers({ [LABEL.podUid]: pod.metadata.uid!, [LABEL.containerName]: wanted })
  ).sort((a, b) => Number(b.labels[LABEL.restartCount] ?? 0) - Number(a.labels[LABEL.restartCount] ?? 0));
  const running = instances[0]?.state === 'running' ? instances[0] : undefined;
  if (!running) throw new StatusError(404, 'NotFound', `container not found (${JSON.stringify(wanted)})`, {});
  return { kind, pod, opts, containerId: running.id };
}

function start(p: Plan, ctx: UpgradeContext) {
  const runtime = ctx.runtime!;
  const o = p.opts!;
  return () =>
    p.kind === 'exec'
      ? runtime.execStream!(p.containerId!, o.command, { stdin: o.stdin, tty: o.tty })
      : runtime.attachStream!(p.containerId!, { stdin: o.stdin, tty: o.tty });
}

function forwardTarget(p: Plan) {
  return { podName: p.pod.metadata.name!, podUid: p.pod.metadata.uid!, podIp: p.pod.status.podIP };
}

export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every upgraded connection (server shutdown). */
  closeAll(): void;
}

export function createUpgradeHandler(ctx: UpgradeContext): UpgradeHandler {
  const live = new Set<Duplex>();
  // The subprotocol each pending upgrade negotiated, read back by ws during handleUpgrade.
  const choices = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // Upstream reads a text frame's bytes as they are: no UTF-8 check to drop the connection over.
    skipUTF8Validation: true,
    handleProtocols: (_offered, req) => choices.get(req) ?? false,
  });

  const serveSpdy = (req: IncomingMessage, socket: Duplex, head: Buffer, p: Plan) => {
    const offered = headerList(req, 'x-stream-protocol-version');
    const protocol = p.kind === 'portforward' ? PORTFORWARD_PROTOCOL : SPDY_EXEC_PROTOCOL;
    if (!offered.includes(protocol)) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server supports ["${protocol}"]`,
        {},
      );
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
        `X-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
    );
    if (head.length) socket.unshift(head);
    const session = new SpdySession(socket);
    session.on('protocolError', (e: Error) => ctx.log?.(`spdy protocol error on ${req.url}: ${e.message}`));
    if (p.kind === 'portforward') {
      servePortForward(session, forwardTarget(p));
      return;
    }
    spdyClientIO(session, p.opts!)
      .then((io) => runRemoteCommand(io, p.opts!, start(p, ctx), p.kind === 'exec'))
      .catch((e: Error) => {
        ctx.log?.(`${p.kind} on ${req.url}: ${e.message}`);
        session.close();
      });
  };

  const serveWebSocket = (req: IncomingMessage, socket: Duplex, head: Buffer, p: Plan, url: URL) => {
    const offered = headerList(req, 'sec-websocket-protocol');
    const tunnel = WS_TUNNEL_PREFIX + PORTFORWARD_PROTOCOL;
    let choice: string | undefined;
    if (p.kind !== 'portforward') choice = WS_PROTOCOLS.find((w) => offered.includes(w));
    else if (offered.includes(tunnel)) choice = tunnel;
    else {
      // The channel form, as the kubelet serves it (a client may also offer no subprotocol).
      choice = WS_PORTFORWARD_PROTOCOLS.find((w) => offered.includes(w)) ?? (offered.length ? undefined : '');
    }
    if (choice === undefined) {
      throw badRequest(
        `unable to upgrade: no supported WebSocket subprotocol among ${JSON.stringify(offered)}`,
      );
    }
    const ports = p.kind === 'portforward' && choice !== tunnel ? forwardPorts(url.searchParams) : [];
    if (choice) {
      choices.set(req, choice);
      // ws validates offered subprotocols as RFC 7230 tokens and "SPDY/3.1+…" contains '/':
      // the choice is already made, so hand ws a token and answer with the real name.
      req.headers['sec-websocket-protocol'] = 'negotiated';
    } else delete req.headers['sec-websocket-protocol'];
    const protocol = choice;
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => undefined);
      if (p.kind === 'portforward') {
        if (protocol !== tunnel) return serveWsPortForward(ws, protocol, ports, forwardTarget(p));
        const duplex = createWebSocketStream(ws);
        duplex.on('error', () => undefined);
        servePortForward(new SpdySession(duplex), forwardTarget(p));
        return;
      }
      runRemoteCommand(wsClientIO(ws, p.opts!, protocol), p.opts!, start(p, ctx), p.kind === 'exec').catch(
        (e: Error) => ctx.log?.(`${p.kind} on ${req.url}: ${e.message}`),
      );
    });
  };

  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    const run = async () => {
      if (!ctx.authenticate(req)) throw new StatusError(401, 'Unauthorized', 'Unauthorized', {});
      const url = new URL(req.url ?? '/', 'https://localhost');
      const p = await plan(req, url, ctx);
      const upgrade = (req.headers.upgrade ?? '').toLowerCase();
      if (upgrade === 'websocket') serveWebSocket(req, socket, head, p, url);
      else if (upgrade.startsWith('spdy/3.1')) serveSpdy(req, socket, head, p);
      else throw badRequest(`unsupported upgrade protocol ${JSON.stringify(req.headers.upgrade ?? '')}`);
    };
    run().catch((e: unknown) => {
      if (e instanceof StatusError) return reject(socket, e);
      ctx.log?.(`upgrade ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      reject(socket, new StatusError(500, 'InternalError', (e as Error)?.message ?? String(e), {}));
    });
  };

  return {
    handle,
    closeAll: () => {
      for (const s of live) s.destroy();
      live.clear();
    },
  };
}
