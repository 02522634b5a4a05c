// The Kubedeck side of the pod benchmark: POST pods over HTTPS with the cluster token and CA, and a
// watch that reports the moment each pod is Running with every container running.
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ApiTarget {
  url: string;
  token: string;
  ca: string;
}

export function call(
  t: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${t.url}${path}`,
      {
        method,
        ca: t.ca,
        timeout: timeoutMs,
        headers: {
          Authorization: `Bearer ${t.token}`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
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

/**
 * Watches pods matching labelSelector in namespace from the list's resourceVersion; calls
 * onRunning(name, tMs) once per pod, the first time it is seen running (and onScheduled the first
 * time it is seen with spec.nodeName). Re-opens the watch from
 * the last resourceVersion if the server ends it.
 */
export async function watchRunning(
  t: ApiTarget,
  namespace: string,
  labelSelector: string,
  onRunning: (name: string, at: number) => void,
  onScheduled?: (name: string, at: number) => void,
): Promise<{ stop: () => void }> {
  const base = `/api/v1/namespaces/${namespace}/pods`;
  const sel = `labelSelector=${encodeURIComponent(labelSelector)}`;
  const list = await call(t, 'GET', `${base}?${sel}`);
  if (list.status !== 200) throw new Error(`list pods: ${list.status} ${list.body}`);
  let rv: string = JSON.parse(list.body).metadata.resourceVersion;
  const seen = new Set<string>();
  const bound = new Set<string>();
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
              const obj = ev.object;
              if (ev.type === 'ERROR') continue; // e.g. 410 Gone: the re-open below starts over
              if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
              const name = obj?.metadata?.name;
              if (name && obj?.spec?.nodeName && !bound.has(name)) {
                bound.add(name);
                onScheduled?.(name, at);
              }
              if (ev.type !== 'DELETED' && name && !seen.has(name) && isRunning(obj)) {
                seen.add(name);
                onRunning(name, at);
              }
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
