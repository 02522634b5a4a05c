// A live view of a set of pods over one HTTPS watch (list, then watch from its resourceVersion,
// re-opened when the server ends it), for rollout invariants (integration test) and timing (bench).
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { call, type ApiTarget } from './pods-watch.js';

export interface PodCounts {
  /** Not being deleted and not finished. */
  live: number;
  /** Live and Ready. */
  ready: number;
}

export function isReady(pod: any): boolean {
  return (pod?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function countPods(pods: Iterable<any>): PodCounts {
  let live = 0;
  let ready = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp || ['Succeeded', 'Failed'].includes(p.status?.phase)) continue;
    live++;
    if (isReady(p)) ready++;
  }
  return { live, ready };
}

export interface PodWatch {
  pods: Map<string, any>;
  stop(): void;
}

/** Keeps pods (by name) current; onChange runs after the initial list and after every event. */
export async function watchPods(
  t: ApiTarget,
  namespace: string,
  labelSelector: string,
  onChange: (pods: Map<string, any>) => void,
): Promise<PodWatch> {
  const base = `/api/v1/namespaces/${namespace}/pods`;
  const sel = `labelSelector=${encodeURIComponent(labelSelector)}`;
  const list = await call(t, 'GET', `${base}?${sel}`);
  if (list.status !== 200) throw new Error(`list pods: ${list.status} ${list.body}`);
  const body = JSON.parse(list.body);
  let rv: string = body.metadata.resourceVersion;
  const pods = new Map<string, any>();
  for (const p of body.items) pods.set(p.metadata.name, p);
  onChange(pods);
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
            buf += c.toString();
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              const ev = JSON.parse(line);
              if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
              const obj = ev.object;
              rv = obj.metadata.resourceVersion ?? rv;
              if (ev.type === 'DELETED') pods.delete(obj.metadata.name);
              else pods.set(obj.metadata.name, obj);
              onChange(pods);
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
    pods,
    stop: () => {
      stopped = true;
      req?.destroy();
    },
  };
}
