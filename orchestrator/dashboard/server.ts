// The web dashboard: serves the renderer and the operations API on 127.0.0.1 from inside the
// control-plane process. The first URL carries a per-launch token; it is swapped for an HttpOnly
// SameSite=Strict session cookie and the browser is redirected to the same path without it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { StatusError } from '../api/errors.js';
import type { WatchRequest } from '../contract/index.js';
import { refusal, runOperation, toOpError } from './envelope.js';
import type { Operations } from '../operations/operations.js';
import { COOKIE, hostAllowed, originAllowed, securityHeaders, Sessions } from './security.js';
import { rendererDir, serveStatic } from './static-files.js';
import { sameSecret } from './token.js';
import { queryBool } from '../apiserver/query.js';

export interface DashboardOptions {
  ops: Operations;
  token: string;
  /** 0 = any free port. */
  port?: number;
  staticDir?: string;
  log?: (line: string) => void;
}

export interface DashboardServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 3 * 1024 * 1024;

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new StatusError(413, 'RequestEntityTooLarge', 'request is too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startDashboardServer(opts: DashboardOptions): Promise<DashboardServer> {
  const sessions = new Sessions();
  const dir = opts.staticDir ?? rendererDir();
  const log = opts.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    if (!hostAllowed(req, port)) return json(res, 403, { message: 'unexpected Host header' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/healthz') return json(res, 200, { ok: true });
    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!sameSecret(token, opts.token))
        return json(res, 401, { message: 'this dashboard link has expired; run `kubedeck dashboard` again' });
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${COOKIE}=${sessions.create()}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: url.pathname + url.search });
      return res.end();
    }
    if (!sessions.valid(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(
        'Not signed in. Open the dashboard with `kubedeck dashboard` (it prints a fresh link).\n',
      );
    }
    if (url.pathname.startsWith('/api/op/'))
      return operation(req, res, url.pathname.slice('/api/op/'.length));
    if (url.pathname === '/api/logs') return logs(req, res, url.searchParams);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json(res, 405, { message: 'method not allowed' });
    serveStatic(dir, url.pathname, res);
  };

  // Answers are `{result}` or `{error}` (the contract's envelope); the HTTP status repeats the code.
  const operation = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (req.method !== 'POST') return json(res, 405, refusal(405, 'MethodNotAllowed', 'use POST'));
    if (!originAllowed(req, port))
      return json(res, 403, refusal(403, 'Forbidden', 'cross-origin request refused'));
    let answer;
    try {
      const body = await readBody(req);
      answer = await runOperation(opts.ops, name, body ? JSON.parse(body) : {});
    } catch (e) {
      answer = { error: toOpError(e) };
    }
    json(res, 'error' in answer ? answer.error.code : 200, answer);
  };

  const logs = async (req: IncomingMessage, res: ServerResponse, q: URLSearchParams) => {
    try {
      const stream = await opts.ops.logs({
        namespace: q.get('namespace') ?? 'default',
        pod: q.get('pod') ?? '',
        container: q.get('container') || undefined,
        follow: queryBool(q, 'follow'),
        previous: queryBool(q, 'previous'),
        tailLines: q.get('tailLines') ? Number(q.get('tailLines')) : undefined,
      });
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      const stop = () => (stream as any).destroy?.();
      req.on('close', stop);
      stream.on('data', (c: Buffer | string) => res.write(c));
      stream.on('end', () => res.end());
      stream.on('error', () => res.end());
    } catch (e) {
      const err = toOpError(e);
      json(res, err.code, { error: err });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`dashboard: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) json(res, 500, { error: toOpError(e) });
      else res.end();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const ok =
      hostAllowed(req, port) && originAllowed(req, port) && sessions.valid(req) && req.url === '/api/watch';
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveWatch(ws, opts.ops));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One socket carries every watch of a page; each is keyed by the client's id. */
function serveWatch(ws: WebSocket, ops: Operations): void {
  const watches = new Map<string, { stop(): void }>();
  const send = (m: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  ws.on('message', (data) => {
    let req: WatchRequest;
    try {
      req = JSON.parse(
        (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8'),
      ) as WatchRequest;
    } catch {
      return;
    }
    if (typeof req?.id !== 'string') return;
    watches.get(req.id)?.stop();
    watches.delete(req.id);
    if (req.op !== 'watch') return;
    try {
      watches.set(req.id, ops.watch(req.id, req.kind, req.namespace, send));
    } catch (e) {
      send({ id: req.id, type: 'error', message: toOpError(e).message });
    }
  });
  ws.on('close', () => {
    for (const w of watches.values()) w.stop();
    watches.clear();
  });
}
