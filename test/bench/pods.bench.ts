// `npm run bench:pods`: per-pod start latency of Kubedeck against the same containers made directly
// through the Docker API, plus node-agent and control-plane memory. Prints a table and a JSON line.
//
// Fairness: both sides run on the same engine while the same cluster is up (its agents idle-loop
// in the background during the baseline too), use the same local pause and busybox images, and
// submit the same way: one at a time by default (each pod/pair waits until running before the next,
// so the numbers are latency, not queueing), or all at once with BENCH_BURST=1. One warm-up pair/pod
// per side is excluded. Env: BENCH_PODS (30), BENCH_BURST (0), BENCH_WARMUP (1).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { ensureTestImages } from '../fixtures/images/build.js';
import { TestCluster } from '../support/cluster.js';
import { bounded, pct, procMb, runAll } from './bench-stats.js';
import { cleanupBaseline, runBaseline } from './pods-baseline.js';
import { call, watchRunning, type ApiTarget } from './pods-watch.js';

const PODS = Number(process.env.BENCH_PODS ?? 30);
const BURST = process.env.BENCH_BURST === '1';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const POD_TIMEOUT_MS = 60_000;
const LABEL = 'kubedeck-bench';

interface AgentMem {
  node: string;
  pid: number;
  rssMb: number;
  anonMb: number;
}

/** The agent is the node container's main process (`node agent.mjs`); read its host /proc entry. */
async function agentMemory(rt: DockerRuntime, cluster: string): Promise<AgentMem[]> {
  const nodes = (await rt.listContainers({ 'kubedeck.cluster': cluster })).filter(
    (c) => c.state === 'running' && /-worker\d*$/.test(c.name),
  );
  return nodes.map((c) => ({
    node: c.name,
    pid: c.pid ?? 0,
    rssMb: c.pid ? procMb(c.pid, 'VmRSS') : NaN,
    anonMb: c.pid ? procMb(c.pid, 'RssAnon') : NaN,
  }));
}

/** Per pod: create -> Running, and create -> scheduled (first seen with spec.nodeName). */
async function benchKubedeck(
  t: ApiTarget,
  image: string,
  run: string,
): Promise<{ running: number[]; scheduled: number[] }> {
  const ns = 'default';
  const waiters = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  const boundAt = new Map<string, number>();
  const watch = await watchRunning(
    t,
    ns,
    `app=${LABEL}`,
    (name, at) => {
      const w = waiters.get(name);
      if (w) w(at);
      else early.set(name, at);
    },
    (name, at) => boundAt.set(name, at),
  );
  const scheduled: number[] = [];
  const one = async (tag: string): Promise<number> => {
    const name = `${run}-${tag}`;
    const running = new Promise<number>((resolve) => {
      waiters.set(name, resolve);
      const e = early.get(name);
      if (e !== undefined) resolve(e);
    });
    const t0 = performance.now();
    const r = await call(t, 'POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: LABEL } },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image, command: ['sleep', '3600'], imagePullPolicy: 'IfNotPresent' }],
      },
    });
    if (r.status !== 201) throw new Error(`create pod ${name}: ${r.status} ${r.body}`);
    const at = await bounded(running, POD_TIMEOUT_MS * (BURST ? PODS : 1), `pod ${name} Running`);
    if (!tag.startsWith('warm')) scheduled.push((boundAt.get(name) ?? at) - t0);
    return at - t0;
  };
  try {
    for (let i = 0; i < WARMUP; i++) await one(`warm${i}`);
    const running = await runAll(PODS, BURST, (i) => one(String(i)));
    return { running, scheduled };
  } finally {
    watch.stop();
  }
}

function row(label: string, xs: number[], extra = ''): string {
  return `${label.padEnd(44)} ${String(xs.length).padStart(4)} ${pct(xs, 50).toFixed(0).padStart(8)} ${pct(xs, 99).toFixed(0).padStart(8)}  ${extra}`;
}

async function main(): Promise<void> {
  const rt = new DockerRuntime();
  await rt.version();
  const images = await ensureTestImages({ log: (s) => console.error(s) });
  const id = randomBytes(3).toString('hex');
  const name = `bench-pods-${id}`;
  const run = `kdbench-${id}`;
  const cluster = new TestCluster(name);
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  try {
    const t0 = Date.now();
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 180_000);
    if (r.code !== 0) throw new Error(`kubedeck start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    console.error(`cluster ${name} with 2 workers started in ${Date.now() - t0} ms`);
    const { url, pid } = cluster.lock();
    const target: ApiTarget = { url, token: cluster.token(), ca: cluster.caCert() };

    const mode = BURST ? 'all at once' : 'one at a time';
    console.error(`(a) baseline: ${PODS} pause+busybox pairs via the Docker API, ${mode}`);
    const base = await runBaseline(rt, {
      run,
      pauseImage: images.pause,
      appImage: images.busybox,
      pairs: PODS,
      warmup: WARMUP,
      burst: BURST,
      pairTimeoutMs: POD_TIMEOUT_MS,
    });
    console.error(`(b) kubedeck: ${PODS} pods through the API, Running seen by watch, ${mode}`);
    const { running: kd, scheduled } = await benchKubedeck(target, images.busybox, run);
    const agents = await agentMemory(rt, name);
    const cpRss = procMb(pid, 'VmRSS');
    const cpAnon = procMb(pid, 'RssAnon');

    const ratio50 = pct(kd, 50) / pct(base, 50);
    const ratio99 = pct(kd, 99) / pct(base, 99);
    const agentMax = Math.max(...agents.map((a) => a.rssMb));
    const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(`pods: ${PODS}, submitted ${mode}, ${WARMUP} warm-up excluded, 2 worker nodes`);
    console.log(
      `${'per pod, create -> running'.padEnd(44)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
    );
    console.log(row('(a) Docker API: pause + app container', base));
    console.log(
      row('(b) Kubedeck: POST -> Running (watch)', kd, `target p99 <= 1000 ms: ${mark(pct(kd, 99) <= 1000)}`),
    );
    console.log(row('    of which POST -> scheduled (nodeName seen)', scheduled));
    console.log(
      `ratio b/a: p50 ${ratio50.toFixed(2)}, p99 ${ratio99.toFixed(2)}   target <= 1.3: ${mark(ratio50 <= 1.3)} (p50), ${mark(ratio99 <= 1.3)} (p99)`,
    );
    for (const a of agents)
      console.log(
        `node agent ${a.node} (pid ${a.pid}): RSS ${a.rssMb.toFixed(0)} MB, anonymous ${a.anonMb.toFixed(0)} MB   target <= 60 MB: ${mark(a.rssMb <= 60)}`,
      );
    console.log(`control plane (pid ${pid}): RSS ${cpRss.toFixed(0)} MB, anonymous ${cpAnon.toFixed(0)} MB`);
    console.log(
      JSON.stringify({
        pods: PODS,
        mode: BURST ? 'burst' : 'sequential',
        baseline: { p50: +pct(base, 50).toFixed(1), p99: +pct(base, 99).toFixed(1) },
        kubedeck: { p50: +pct(kd, 50).toFixed(1), p99: +pct(kd, 99).toFixed(1) },
        kubedeckScheduled: { p50: +pct(scheduled, 50).toFixed(1), p99: +pct(scheduled, 99).toFixed(1) },
        ratio: { p50: +ratio50.toFixed(2), p99: +ratio99.toFixed(2) },
        agentRssMb: agents.map((a) => ({
          node: a.node,
          rss: +a.rssMb.toFixed(1),
          anon: +a.anonMb.toFixed(1),
        })),
        agentRssMaxMb: +agentMax.toFixed(1),
        controlPlaneRssMb: +cpRss.toFixed(1),
        controlPlaneAnonMb: +cpAnon.toFixed(1),
        targets: { ratio: 1.3, p99Ms: 1000, agentRssMb: 60 },
      }),
    );
  } finally {
    await cleanupBaseline(rt, run).catch((e) => console.error(`baseline cleanup: ${e.message}`));
    await cluster.destroy();
    const left = await rt.listContainers({ 'kubedeck.cluster': name });
    if (left.length) console.error(`warning: ${left.length} containers of ${name} left behind`);
  }
}

await main();
