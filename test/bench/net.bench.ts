// `npm run bench:net`: HTTP requests/s and p99 latency through a LoadBalancer Service (the control
// plane's host listener → pod IP) against the same backend container's port published directly on
// 127.0.0.1 by Docker; plus memory added per Service (control plane + cluster proxy) over 200
// Services. Prints a table and a JSON line. Targets: ratio ≥ 0.7, ≤ 1 MB per Service.
//
// Fairness: the same keep-alive HTTP server (node, from the same image) answers on both paths, the
// same in-process load generator (node:http keep-alive agent, fixed concurrency) drives both, and
// each side gets a warm-up second that is not counted. Env: BENCH_SECONDS (5), BENCH_CONCURRENCY
// (32), BENCH_SERVICES (200).
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { ensureTestImages } from '../fixtures/images/build.js';
import { TestCluster, eventually } from '../support/cluster.js';
import { pct, procMb } from './bench-stats.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 200);
const SERVER_JS =
  "require('http').createServer((q,s)=>{s.setHeader('content-type','text/plain');s.end('ok '+require('os').hostname()+'\\n')}).listen(8080)";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CONCURRENCY keep-alive clients looping GET / for `seconds`; latency per request in ms. */
async function load(port: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          lat.push(performance.now() - t0);
          resolve();
        });
      });
      req.setTimeout(5000, () => req.destroy());
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const worker = async () => {
    while (performance.now() < end) await one();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const took = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: lat.length / took, p50: pct(lat, 50), p99: pct(lat, 99), errors };
}

async function main(): Promise<void> {
  const images = await ensureTestImages();
  const rt = new DockerRuntime();
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const cluster = new TestCluster(name);
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  let direct: string | undefined;
  try {
    const r = await cluster.cli(['start', '--name', name, '--nodes', '1'], 180_000);
    if (r.code !== 0) throw new Error(`kubedeck start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    const k = (args: string[], input?: string) =>
      cluster.kubectl('1.33', args, { input, timeoutMs: 120_000 });
    const lbPort = await freePort();
    const directPort = await freePort();
    const applied = await k(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: backend, labels: {app: backend}}
spec:
  containers:
  - name: web
    image: ${images.node}
    imagePullPolicy: Never
    command: [node, -e, ${JSON.stringify(SERVER_JS)}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: backend}
spec:
  type: LoadBalancer
  selector: {app: backend}
  ports: [{port: ${lbPort}, targetPort: 8080}]
`,
    );
    if (applied.code !== 0) throw new Error(applied.stderr);
    // The same server as a plain container with its port published on 127.0.0.1.
    direct = `${name}-direct`;
    const id = await rt.createContainer({
      name: direct,
      image: images.node,
      labels: { 'kubedeck.cluster': name },
      entrypoint: ['node', '-e', SERVER_JS],
      portBindings: { '8080/tcp': [{ hostIp: '127.0.0.1', hostPort: String(directPort) }] },
    });
    await rt.startContainer(id);
    const up = (port: number) =>
      new Promise<boolean>((res) => {
        http
          .get({ host: '127.0.0.1', port, path: '/' }, (x) => res(x.statusCode === 200))
          .on('error', () => res(false));
      });
    await eventually(() => up(lbPort), 'LoadBalancer answering', 120_000, 500);
    await eventually(() => up(directPort), 'direct container answering', 30_000, 200);

    await load(directPort, 1);
    const base = await load(directPort, SECONDS);
    await load(lbPort, 1);
    const svc = await load(lbPort, SECONDS);

    // Memory per Service: control plane + proxy RSS before and after SERVICES more Services.
    const proxyPid = (await rt.inspectContainer(`${name}-proxy`))?.pid ?? 0;
    const cpPid = cluster.lock().pid;
    // RSS moves with GC: the median of a few samples, control plane and proxy apart.
    const sample = async () => {
      const xs: { cp: number; proxy: number }[] = [];
      for (let i = 0; i < 5; i++) {
        xs.push({ cp: procMb(cpPid, 'VmRSS'), proxy: procMb(proxyPid, 'VmRSS') });
        await new Promise((r) => setTimeout(r, 400));
      }
      return {
        cp: pct(
          xs.map((x) => x.cp),
          50,
        ),
        proxy: pct(
          xs.map((x) => x.proxy),
          50,
        ),
      };
    };
    const m0 = await sample();
    const before = m0.cp + m0.proxy;
    const docs = Array.from(
      { length: SERVICES },
      (_, i) => `apiVersion: v1
kind: Service
metadata: {name: s${i}}
spec:
  selector: {app: backend}
  ports: [{port: 80, targetPort: 8080}]`,
    ).join('\n---\n');
    const made = await k(['apply', '-f', '-'], docs);
    if (made.code !== 0) throw new Error(made.stderr);
    await eventually(
      async () => {
        const r = await k(['get', 'endpoints', '-o', 'name']);
        return r.stdout.split('\n').filter((l) => /endpoints\/s\d+$/.test(l)).length >= SERVICES;
      },
      `${SERVICES} Endpoints`,
      120_000,
      1000,
    );
    await new Promise((r) => setTimeout(r, 3000)); // table pushed, listeners open
    const m1 = await sample();
    const after = m1.cp + m1.proxy;
    const perService = (after - before) / SERVICES;
    const proxyPerService = (m1.proxy - m0.proxy) / SERVICES;

    const ratio = svc.rps / base.rps;
    const row = (what: string, x: LoadResult) =>
      `${what.padEnd(38)} ${x.rps.toFixed(0).padStart(8)} ${x.p50.toFixed(2).padStart(8)} ${x.p99.toFixed(2).padStart(8)} ${String(x.errors).padStart(6)}`;
    console.log(`${SECONDS}s per side, ${CONCURRENCY} keep-alive connections, 1 worker node`);
    console.log(
      `${'path'.padEnd(38)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)}`,
    );
    console.log(row('(a) Docker-published 127.0.0.1 port', base));
    console.log(row('(b) LoadBalancer Service (localhost)', svc));
    console.log(`ratio (b)/(a): ${ratio.toFixed(2)} (target ≥ 0.7)`);
    console.log(
      `memory: ${before.toFixed(0)} MB → ${after.toFixed(0)} MB with ${SERVICES} more Services: ${perService.toFixed(3)} MB per Service (target ≤ 1 MB; control plane + proxy RSS)`,
    );
    console.log(
      `  of which the proxy: ${m0.proxy.toFixed(1)} MB → ${m1.proxy.toFixed(1)} MB (${(proxyPerService * 1024).toFixed(1)} KB per Service)`,
    );
    console.log(
      JSON.stringify({
        bench: 'net',
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        direct: base,
        loadBalancer: svc,
        ratio,
        services: SERVICES,
        memoryMbBefore: before,
        memoryMbAfter: after,
        memoryMbPerService: perService,
        proxyMbBefore: m0.proxy,
        proxyMbAfter: m1.proxy,
      }),
    );
  } finally {
    if (direct) await rt.removeContainer(direct, { force: true }).catch(() => undefined);
    await cluster.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
