// The Kubedeck side of the pod benchmark: POST pods over HTTPS with the cluster token and CA, and a
// watch that reports the moment each pod is Running with every container running.
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ApiTarget {
  url: string;
  token: string;
  ca: string;
  /** A keep-alive agent for load generators (its own `ca` must be set); default: one connection per call. */
  agent?: https.Agent;
}

export type Reply = { status: number; body: string };

/** One API request; the body goes as JSON unless contentType says otherwise (e.g. a merge patch). */
export function call(
  t: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
  opts: { timeoutMs?: number; contentType?: string } = {},
): Promise<Reply> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${t.url}${path}`,
      {
        method,
        ...(t.agent ? { agent: t.agent } : { ca: t.ca }),
        timeout: timeoutMs,
        headers: {
          Authorization: `Bearer ${t.token}`,
          Accept: 'application/json',
          'Content-Type': opts.contentType ?? 'application/json',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Running as `kubectl get` would call it ready to use: phase Running and every container running. */
export function isRunning(pod: any): boolean {
  const want = (pod?.spec?.containers ?? []).length;
  const st: any[] = pod?.status?.containerStatuses ?? [];
  return (
    pod?.status?.phase === 'Running' &&
    want > 0 &&
    st.length === want &&
    st.every((s) => s?.state?.running !== undefined && s.state.running !== null)
  );
}

/** One pod watch event as it arrived (`at`: performance.now() when its chunk was read). */
export type PodEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: any; at: number };

/**
 * Lists pods matching labelSelector in namespace (handed to onList before any event), then watches
 * from the list's resourceVersion, re-opening from the last one seen if the server ends the watch.
 */
export async function watchPodEvents(
  t: ApiTarget,
  namespace: string,
  labelSelector: string,
  onEvent: (ev: PodEvent) => void,
  onList?: (items: any[]) => void,
): Promise<{ stop: () => void }> {
  const base = `/api/v1/namespaces/${namespace}/pods`;
  const sel = `labelSelector=${encodeURIComponent(labelSelector)}`;
  const list = await call(t, 'GET', `${base}?${sel}`);
  if (list.status !== 200) throw new Error(`list pods: ${list.status} ${list.body}`);
  const body = JSON.parse(list.body);
  let rv: string = body.metadata.resourceVersion;
  onList?.(body.items);
  let stopped = false;
  let req: ClientRequest | undefined;

  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      req = https.request(
        `${t.url}${base}?watch=true&${sel}&resourceVersion=${rv}`,
        { ca: t.ca, headers: { Authorization: `Bearer ${t.token}`, Accept: 'application/json' } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`watch pods: HTTP ${res.statusCode}`));
            res.resume();
            return;
          }
          resolve();
          let buf = '';
          res.on('data', (c: Buffer) => {
            const at = performance.now();
            buf += c.toString();
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              const ev = JSON.parse(line);
              // ERROR (e.g. 410 Gone): the re-open below starts over; bookmarks carry no pod.
              if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
              if (ev.object?.metadata?.resourceVersion) rv = ev.object.metadata.resourceVersion;
              onEvent({ type: ev.type, object: ev.object, at });
            }
          });
          res.on('end', () => {
            if (!stopped) setTimeout(() => void open().catch(() => undefined), 100);
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', (e) => (stopped ? resolve() : reject(e)));
      req.end();
    });

  await open();
  return {
    stop: () => {
      stopped = true;
      req?.destroy();
    },
  };
}

/**
 * Calls onRunning(name, tMs) once per pod, the first time it is seen running (and onScheduled the
 * first time it is seen with spec.nodeName).
 */
export async function watchRunning(
  t: ApiTarget,
  namespace: string,
  labelSelector: string,
  onRunning: (name: string, at: number) => void,
  onScheduled?: (name: string, at: number) => void,
): Promise<{ stop: () => void }> {
  const seen = new Set<string>();
  const bound = new Set<string>();
  return watchPodEvents(t, namespace, labelSelector, ({ type, object: obj, at }) => {
    const name = obj?.metadata?.name;
    if (!name) return;
    if (obj.spec?.nodeName && !bound.has(name)) {
      bound.add(name);
      onScheduled?.(name, at);
    }
    if (type !== 'DELETED' && !seen.has(name) && isRunning(obj)) {
      seen.add(name);
      onRunning(name, at);
    }
  });
}
