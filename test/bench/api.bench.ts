// `npm run bench:api`: API latency, list-as-Table time, watch fan-out latency and control-plane RSS,
// measured against a real daemon over HTTPS. Prints a table and a JSON line. Not a test.
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TestCluster } from '../support/cluster.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 2000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 50);
const WATCH_EVENTS = 100;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** VmRSS includes the node binary's shared text (~40 MB); RssAnon is the process's own memory. */
function rssMb(pid: number, field = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const cluster = new TestCluster('bench');
  await cluster.start();
  try {
    const { url, pid } = cluster.lock();
    const ca = cluster.caCert();
    const token = cluster.token();
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
    const call = (
      method: string,
      path: string,
      body?: unknown,
      accept = 'application/json',
      contentType = 'application/json',
    ) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request(
          `${url}${path}`,
          {
            method,
            agent,
            headers: { Authorization: `Bearer ${token}`, Accept: accept, 'Content-Type': contentType },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    const timed = async (fn: () => Promise<{ status: number }>, ok: number[]): Promise<number> => {
      const t = performance.now();
      const r = await fn();
      const dt = performance.now() - t;
      if (!ok.includes(r.status)) throw new Error(`unexpected status ${r.status}`);
      return dt;
    };
    const pods = '/api/v1/namespaces/default/pods';
    const pod = (i: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `bench-${i}`, labels: { app: 'bench', idx: String(i % 10) } },
      // Another scheduler's pods: the default scheduler leaves them alone, so this measures the API
      // server itself rather than scheduling attempts on a cluster without nodes.
      spec: {
        schedulerName: 'kubedeck-bench',
        containers: [{ name: 'app', image: 'bench:v1', ports: [{ containerPort: 8080 }] }],
      },
    });

    const create: number[] = [];
    for (let i = 0; i < OBJECTS; i++) create.push(await timed(() => call('POST', pods, pod(i)), [201]));
    const get: number[] = [];
    for (let i = 0; i < OBJECTS; i++) get.push(await timed(() => call('GET', `${pods}/bench-${i}`), [200]));
    const update: number[] = [];
    for (let i = 0; i < OBJECTS; i++) {
      update.push(
        await timed(
          () =>
            call(
              'PATCH',
              `${pods}/bench-${i}`,
              { metadata: { labels: { touched: 'yes' } } },
              'application/json',
              'application/merge-patch+json',
            ),
          [200],
        ),
      );
    }
    const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const listTable: number[] = [];
    const listJson: number[] = [];
    for (let i = 0; i < 20; i++) {
      listTable.push(await timed(() => call('GET', pods, undefined, tableAccept), [200]));
      listJson.push(await timed(() => call('GET', pods), [200]));
    }

    // Watch fan-out: WATCHERS open watches; each update's delivery latency is measured at every watcher.
    const rv = JSON.parse((await call('GET', `${pods}?limit=1`)).body).metadata.resourceVersion;
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const watchReqs: ClientRequest[] = [];
    await Promise.all(
      Array.from(
        { length: WATCHERS },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = https.request(
              `${url}${pods}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dbench-0`,
              {
                headers: { Authorization: `Bearer ${token}` },
                ca,
              },
              (res) => {
                let buf = '';
                resolve();
                res.on('data', (c: Buffer) => {
                  buf += c.toString();
                  let nl: number;
                  while ((nl = buf.indexOf('\n')) >= 0) {
                    const line = buf.slice(0, nl);
                    buf = buf.slice(nl + 1);
                    const ev = JSON.parse(line);
                    const mark = ev.object?.metadata?.labels?.mark;
                    const t0 = mark && sentAt.get(mark);
                    if (t0) latencies.push(performance.now() - t0);
                  }
                });
              },
            );
            req.on('error', reject);
            req.end();
            watchReqs.push(req);
          }),
      ),
    );
    for (let i = 0; i < WATCH_EVENTS; i++) {
      const mark = `m${i}`;
      sentAt.set(mark, performance.now());
      await call(
        'PATCH',
        `${pods}/bench-0`,
        { metadata: { labels: { mark } } },
        'application/json',
        'application/merge-patch+json',
      );
    }
    const deadline = Date.now() + 10_000;
    while (latencies.length < WATCHERS * WATCH_EVENTS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    for (const r of watchReqs) r.destroy();
    const rss = rssMb(pid);
    const anon = rssMb(pid, 'RssAnon');

    const rows = [
      ['create pod', create],
      ['get pod', get],
      ['update pod (merge patch)', update],
      [`list ${OBJECTS} pods as Table`, listTable],
      [`list ${OBJECTS} pods as JSON`, listJson],
      [`watch delivery (${WATCHERS} watchers)`, latencies],
    ] as const;
    const result: Record<string, unknown> = {
      objects: OBJECTS,
      watchers: WATCHERS,
      controlPlaneRssMb: Math.round(rss),
    };
    console.log(
      `${'operation'.padEnd(34)} ${'n'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`,
    );
    for (const [name, xs] of rows) {
      const p50 = pct([...xs], 50);
      const p99 = pct([...xs], 99);
      console.log(
        `${name.padEnd(34)} ${String(xs.length).padStart(6)} ${p50.toFixed(2).padStart(9)} ${p99.toFixed(2).padStart(9)}`,
      );
      result[name] = { n: xs.length, p50: +p50.toFixed(2), p99: +p99.toFixed(2) };
    }
    console.log(
      `control-plane RSS after the run: ${rss.toFixed(0)} MB (anonymous: ${anon.toFixed(0)} MB; the rest is node's shared text)`,
    );
    console.log('targets: mutating p99 <= 10 ms, list of 2,000 pods as Table <= 100 ms, RSS <= 150 MB');
    console.log(JSON.stringify(result));
    agent.destroy();
  } finally {
    await cluster.destroy();
  }
}

await main();
