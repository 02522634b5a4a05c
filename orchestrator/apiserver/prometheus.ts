// GET /metrics: the API server's figures in Prometheus text format, under upstream's metric names
// (apiserver_request_total, apiserver_request_duration_seconds, apiserver_longrunning_requests,
// apiserver_storage_objects) plus the process_* figures. One registry per server; the per-request
// work is a path split and two map updates at the end of the response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry as PromRegistry } from 'prom-client';
import type { Registry } from '../api/registry/registry.js';
import { RESOURCES } from '../api/resources.js';
import { queryBool } from './query.js';

/** Upstream's request duration buckets (seconds). */
const DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

/** Subresources upstream treats as long-running (no timeout, counted apart). */
const LONG_RUNNING_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

export interface RequestLabels {
  verb: string;
  dry_run: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
  component: string;
}

/** Labels for a request the way upstream's request info names it (verb LIST/WATCH/…, scope). */
export function requestLabels(method: string, pathname: string, q: URLSearchParams): RequestLabels {
  const segs = pathname.split('/').filter(Boolean);
  const labels: RequestLabels = {
    verb: method,
    dry_run: q.has('dryRun') ? 'All' : '',
    group: '',
    version: '',
    resource: '',
    subresource: '',
    scope: '',
    component: 'apiserver',
  };
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    labels.version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    labels.group = segs[1];
    labels.version = segs[2];
    rest = segs.slice(3);
  } else {
    return labels; // non-resource request (discovery, OpenAPI, /version …)
  }
  let namespaced = false;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespaced = true;
    rest = rest.slice(2);
  }
  const [resource, name, sub] = rest;
  labels.resource = resource ?? '';
  labels.subresource = sub ?? '';
  // A namespace object itself (/api/v1/namespaces/NAME) is a cluster-scoped named resource.
  labels.scope = name !== undefined ? 'resource' : namespaced ? 'namespace' : 'cluster';
  if (name === undefined) {
    if (method === 'GET') labels.verb = queryBool(q, 'watch') ? 'WATCH' : 'LIST';
    else if (method === 'DELETE') labels.verb = 'DELETECOLLECTION';
  } else if (method === 'GET' && queryBool(q, 'watch')) labels.verb = 'WATCH';
  return labels;
}

function isLongRunning(l: RequestLabels): boolean {
  return l.verb === 'WATCH' || LONG_RUNNING_SUBRESOURCES.has(l.subresource);
}

export class ApiMetrics {
  readonly registry = new PromRegistry();
  private readonly requests: Counter<keyof RequestLabels | 'code'>;
  private readonly duration: Histogram<keyof RequestLabels>;
  private readonly longRunning: Gauge<keyof RequestLabels>;

  constructor(store: Pick<Registry, 'store'>) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: [
        'verb',
        'dry_run',
        'group',
        'version',
        'resource',
        'subresource',
        'scope',
        'component',
        'code',
      ],
      registers,
    });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.longRunning = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      registers,
    });
    new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Number of stored objects at the time of last check split by kind.',
      labelNames: ['resource'],
      registers,
      collect() {
        this.reset();
        const seen = new Set<string>();
        for (const info of RESOURCES) {
          if (seen.has(info.storage)) continue; // one count per stored kind (hpa v1/v2 share one)
          seen.add(info.storage);
          const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
          this.set({ resource }, store.store.count(info.storage));
        }
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts the request when its response ends; long-running ones are also gauged while open. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'https://localhost');
    const labels = requestLabels(req.method ?? 'GET', url.pathname, url.searchParams);
    const long = isLongRunning(labels);
    if (long) this.longRunning.inc(labels);
    res.once('close', () => {
      if (long) this.longRunning.dec(labels);
      this.requests.inc({ ...labels, code: String(res.statusCode) });
      if (!long) this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
  }

  /**
   * exec/attach/port-forward arrive as connection upgrades answered on the raw socket: they are
   * gauged as long-running CONNECTs while the socket is open (their status code is not seen here).
   */
  trackConnect(req: IncomingMessage, socket: Duplex): void {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const labels = { ...requestLabels(req.method ?? 'GET', url.pathname, url.searchParams), verb: 'CONNECT' };
    this.longRunning.inc(labels);
    socket.once('close', () => this.longRunning.dec(labels));
  }

  /** The text exposition (Content-Type from prom-client: text/plain; version=0.0.4). */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
