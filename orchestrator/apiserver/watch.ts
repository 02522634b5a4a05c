// Streaming watch: newline-delimited JSON events, resume from resourceVersion, bookmarks,
// sendInitialEvents (watch-list) and in-stream 410 Expired like upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../api/errors.js';
import type { Registry, Selectors } from '../api/registry/registry.js';
import type { KubeObject, ResourceInfo } from '../api/types.js';
import type { StoreEvent, WatchHandle } from '../storage/types.js';
import { toTable } from '../api/tables/index.js';
import { contentTypeFor, includeObjectParam, type Transform } from './output.js';
import { badRequest } from '../api/errors.js';
import { queryBool, queryOptionalBool } from './query.js';

export interface WatchSettings {
  /** How often to send BOOKMARK events when the client allows them. */
  bookmarkIntervalMs: number;
  /** Upper bound when the client gives no timeoutSeconds (upstream: min-request-timeout 1800 s, jittered). */
  defaultTimeoutMs: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  bookmarkIntervalMs: 60_000,
  defaultTimeoutMs: 1_800_000,
};

/** Closes a watch whose client stopped reading, instead of buffering without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  info: ResourceInfo,
  namespace: string | undefined,
  q: URLSearchParams,
  transform: Transform,
  settings: WatchSettings,
): void {
  const sel: Selectors = registry.parseSelectors(info, {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  });
  const rvParam = q.get('resourceVersion') ?? '';
  const sendInitial = queryOptionalBool(q, 'sendInitialEvents');
  const bookmarks = queryBool(q, 'allowWatchBookmarks');
  const includeObject = includeObjectParam(q);
  if (sendInitial !== undefined) {
    if (q.get('resourceVersionMatch') !== 'NotOlderThan') {
      throw new StatusError(
        422,
        'Invalid',
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        {
          kind: 'ListOptions',
          group: 'meta.k8s.io',
          causes: [
            {
              reason: 'FieldValueForbidden',
              message: 'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
              field: 'resourceVersionMatch',
            },
          ],
        },
      );
    }
    if (sendInitial === true && !bookmarks) {
      throw new StatusError(
        422,
        'Invalid',
        'ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true',
        {
          kind: 'ListOptions',
          group: 'meta.k8s.io',
          causes: [
            {
              reason: 'FieldValueForbidden',
              message: 'Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true',
              field: 'allowWatchBookmarks',
            },
          ],
        },
      );
    }
  }
  if (rvParam && !/^\d+$/.test(rvParam))
    throw badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(rvParam)}: must be a non-negative integer`,
    );

  const timeoutParam = q.get('timeoutSeconds');
  const timeoutMs =
    timeoutParam && /^\d+$/.test(timeoutParam)
      ? Number(timeoutParam) * 1000
      : settings.defaultTimeoutMs * (1 + Math.random());

  res.writeHead(200, {
    'Content-Type': contentTypeFor(transform),
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders(); // kubectl waits for headers before it considers the watch open

  let first = true;
  let closed = false;
  let handle: WatchHandle | undefined;
  let lastRev = 0;

  const render = (obj: KubeObject): unknown => {
    const out = registry.out(info, obj);
    if (transform?.as === 'Table') {
      const t = toTable(info, [out], { includeObject });
      const table: any = {
        ...t,
        apiVersion: `meta.k8s.io/${transform.version}`,
        metadata: { resourceVersion: out.metadata.resourceVersion },
      };
      if (!first) table.columnDefinitions = [];
      first = false;
      return table;
    }
    if (transform?.as === 'PartialObjectMetadata') {
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: `meta.k8s.io/${transform.version}`,
        metadata: out.metadata,
      };
    }
    return out;
  };

  const write = (type: EventType, object: unknown): void => {
    if (closed) return;
    res.write(JSON.stringify({ type, object }) + '\n');
    if (res.writableLength > MAX_BUFFERED_BYTES) close();
  };

  const bookmark = (extra?: Record<string, string>): void => {
    write('BOOKMARK', {
      kind: info.kind,
      apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
      metadata: {
        resourceVersion: String(Math.max(lastRev, registry.revision)),
        ...(extra ? { annotations: extra } : {}),
      },
    });
  };

  const onEvent = (ev: StoreEvent): void => {
    lastRev = ev.rev;
    const now = sel.labels.length || sel.fields.length ? registry.matches(info, sel, ev.obj) : true;
    const before =
      ev.prev && (sel.labels.length || sel.fields.length) ? registry.matches(info, sel, ev.prev) : true;
    if (ev.type === 'ADDED') {
      if (now) write('ADDED', render(ev.obj));
    } else if (ev.type === 'DELETED') {
      if (before || now) write('DELETED', render(ev.obj));
    } else if (now && (before || !ev.prev)) write('MODIFIED', render(ev.obj));
    else if (now) write('ADDED', render(ev.obj));
    else if (before && ev.prev) write('DELETED', render({ ...ev.obj }));
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    handle?.stop();
    clearTimeout(timer);
    clearInterval(ticker);
    res.end();
  };

  const timer = setTimeout(close, timeoutMs);
  const ticker = setInterval(() => bookmarks && bookmark(), settings.bookmarkIntervalMs);
  req.on('close', close);
  res.on('error', close);

  const startFromSnapshot = rvParam === '' || rvParam === '0' || sendInitial === true;
  if (startFromSnapshot && sendInitial !== false) {
    const { items, resourceVersion } = registry.list(info, namespace, { readOnly: true });
    const rev = Number(resourceVersion);
    for (const o of items) if (registry.matches(info, sel, o)) write('ADDED', render(o));
    lastRev = rev;
    if (sendInitial === true) bookmark({ 'k8s.io/initial-events-end': 'true' });
    handle = registry.watch(info, namespace, rev, onEvent, { readOnly: true });
  } else {
    const from = startFromSnapshot ? registry.revision : Number(rvParam);
    try {
      handle = registry.watch(info, namespace, from, onEvent, { readOnly: true });
    } catch (e) {
      if (e instanceof StatusError && e.code === 410) {
        write('ERROR', e.toStatus());
        close();
        return;
      }
      throw e;
    }
  }
  if (closed) handle?.stop();
}
