// The HTTPS API server: TLS, bearer-token auth, and dispatch to discovery, OpenAPI and resources.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalError, StatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import { openapiV2Json, openapiV2Protobuf, openapiV3Document, openapiV3Index } from '../api/schema/index.js';
import {
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregated,
} from './discovery.js';
import { sendJson, sendStatusError } from './http.js';
import { handleResource } from './resource-handler.js';
import { handleMetricsRequest } from '../metrics/api.js';
import { handlePlaceholderRequest } from './placeholder-kinds.js';
import { ApiMetrics } from './prometheus.js';
import { parseResourcePath } from './route.js';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from './watch.js';
import { versionInfo } from './version.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { createUpgradeHandler } from './streaming/upgrade.js';
import { BlockedUsers } from './blocked-users.js';
import { authenticateRequest } from './authn.js';

export interface ApiServerOptions {
  registry: Registry;
  hosts: string[];
  port: number;
  /** Serving pair; with clientCA, client certificates it signed authenticate (CN user, O groups). */
  tls: { cert: string; key: string; clientCA?: string };
  /** token → user name */
  tokens: Record<string, string>;
  watch?: Partial<WatchSettings>;
  runtime?: ContainerRuntime;
  log?: (line: string) => void;
  /** Users whose connections are dropped (simulated partitions); read on every request. */
  blockedUsers?: ReadonlySet<string>;
}

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

/** Paths anyone may read, like upstream's system:public-info-viewer. */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

function authenticate(req: IncomingMessage, tokens: Record<string, string>): string | undefined {
  return authenticateRequest(req, tokens)?.username;
}

const NOT_FOUND = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const watch = { ...DEFAULT_WATCH_SETTINGS, ...opts.watch };
  const servers: https.Server[] = [];
  let port = opts.port;
  const blocked = opts.blockedUsers && new BlockedUsers(opts.blockedUsers);
  const metrics = new ApiMetrics(opts.registry);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const identity = authenticateRequest(req, opts.tokens);
    const user = identity?.username;
    if (user && blocked?.drop(req.socket, user)) return;
    if (!PUBLIC_PATHS.has(path) && !user) {
      req.resume();
      sendJson(res, 401, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      return;
    }
    const q = url.searchParams;
    const accept = req.headers.accept;
    if (path === '/metrics' && req.method === 'GET') {
      const { body, contentType } = await metrics.render();
      res.writeHead(200, { 'Content-Type': contentType });
      res.end(body);
      return;
    }
    if (req.method === 'GET') {
      const meta = metaEndpoint(path, q, accept, `${req.socket.localAddress ?? '127.0.0.1'}:${port}`);
      if (meta) {
        const { body, contentType, code } = meta;
        if (Buffer.isBuffer(body)) {
          res.writeHead(code ?? 200, { 'Content-Type': contentType, 'Content-Length': body.length });
          res.end(body);
        } else if (typeof body === 'string') {
          res.writeHead(code ?? 200, { 'Content-Type': contentType });
          res.end(body);
        } else sendJson(res, code ?? 200, body, contentType);
        return;
      }
    }
    if (handleMetricsRequest(req, res, path, q, opts.registry)) return;
    if (handlePlaceholderRequest(req, res, path, q, () => opts.registry.revision)) return;
    const route = parseResourcePath(path);
    if (!route) throw NOT_FOUND();
    await handleResource(req, res, route, q, {
      registry: opts.registry,
      watch,
      runtime: opts.runtime,
      user: identity,
    });
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    metrics.track(req, res);
    handle(req, res)
      .catch((e: unknown) => {
        if (e instanceof StatusError) {
          req.resume();
          sendStatusError(res, e);
          return;
        }
        opts.log?.(`internal error on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
        req.resume();
        sendStatusError(res, internalError((e as Error)?.message ?? String(e)));
      })
      .finally(() => {
        if (process.env.KUBEDECK_LOG_REQUESTS)
          opts.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
      });
  };

  // exec/attach/port-forward arrive as connection upgrades (SPDY/3.1 or WebSocket).
  const upgrades = createUpgradeHandler({
    registry: opts.registry,
    runtime: opts.runtime,
    authenticate: (req) => authenticate(req, opts.tokens) !== undefined,
    log: opts.log,
  });

  for (const host of opts.hosts) {
    const server = https.createServer(
      {
        cert: opts.tls.cert,
        key: opts.tls.key,
        keepAliveTimeout: 65_000,
        // Ask for a client certificate but let requests without one (or with a bad one) through
        // to bearer-token authentication.
        ...(opts.tls.clientCA ? { ca: opts.tls.clientCA, requestCert: true, rejectUnauthorized: false } : {}),
      },
      listener,
    );
    server.on('upgrade', (req, socket, head) => {
      metrics.trackConnect(req, socket);
      upgrades.handle(req, socket, head);
    });
    server.headersTimeout = 30_000;
    server.requestTimeout = 0; // watches and log streams stay open
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }

  return {
    port,
    close: async () => {
      upgrades.closeAll();
      blocked?.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

interface MetaResponse {
  body: unknown;
  contentType: string;
  code?: number;
}

/** Non-resource GET endpoints: version, health, discovery, OpenAPI. */
function metaEndpoint(
  path: string,
  q: URLSearchParams,
  accept: string | undefined,
  serverAddress: string,
): MetaResponse | undefined {
  const json = (body: unknown): MetaResponse => ({ body, contentType: 'application/json' });
  if (path === '/version') return json(versionInfo());
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    return {
      body: q.has('verbose') ? `[+]ping ok\n[+]etcd ok\n${path.slice(1)} check passed\n` : 'ok',
      contentType: 'text/plain; charset=utf-8',
    };
  }
  if (path === '/api' || path === '/apis') {
    const agg = wantsAggregated(accept);
    if (agg) {
      return {
        body: aggregatedDiscovery(path === '/api', agg),
        contentType: `application/json;g=apidiscovery.k8s.io;v=${agg};as=APIGroupDiscoveryList`,
      };
    }
    return json(path === '/api' ? apiVersions(serverAddress) : apiGroupList());
  }
  const core = /^\/api\/([^/]+)$/.exec(path);
  if (core) {
    const list = apiResourceList('', core[1]);
    if (!list) throw NOT_FOUND();
    return json(list);
  }
  const grp = /^\/apis\/([^/]+)$/.exec(path);
  if (grp) {
    const g = apiGroup(grp[1]);
    if (!g) throw NOT_FOUND();
    return json(g);
  }
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv) {
    const list = apiResourceList(gv[1], gv[2]);
    if (!list) throw NOT_FOUND();
    return json(list);
  }
  if (path === '/openapi/v3') return json(openapiV3Index());
  if (path.startsWith('/openapi/v3/')) {
    const doc = openapiV3Document(path.slice('/openapi/v3/'.length));
    if (!doc) throw NOT_FOUND();
    return json(doc);
  }
  if (path === '/openapi/v2' || path === '/swagger.json' || path === '/swagger-2.0.0.pb-v1') {
    if (path !== '/swagger.json' && (accept?.includes('protobuf') || path === '/swagger-2.0.0.pb-v1')) {
      return {
        body: openapiV2Protobuf(),
        contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
      };
    }
    return json(openapiV2Json());
  }
  return undefined;
}
