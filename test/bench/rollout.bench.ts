// `npm run bench:rollout`: a Deployment of BENCH_REPLICAS (30) busybox pods on a two-worker
// cluster, from create to all available, then a full rolling update of it (default 25%/25%
// strategy, a template annotation change), each compared with its floor measured in the same run
// on the same engine: the same number of plain `docker run`s of the same image started at once
// (create), and as many new ones started while the old ones are removed (replace). Prints a
// table and a JSON line with the ratios (target <= 1.5).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { ensureTestImages } from '../fixtures/images/build.js';
import { TestCluster } from '../support/cluster.js';
import { call, type ApiTarget } from './pods-watch.js';
import { cleanupFloors, measureFloors } from './rollout-baseline.js';
import { isReady, watchPods } from './rollout-watch.js';

const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 30);
const TIMEOUT_MS = 300_000;
const TARGET = 1.5;
const NAME = 'bench-rollout';

/** Polls the deployment until its status says the rollout is complete (what `rollout status` checks). */
async function untilRolledOut(t: ApiTarget, minGeneration: number): Promise<number> {
  const deadline = performance.now() + TIMEOUT_MS;
  for (let i = 0; i < 1_000_000 && performance.now() < deadline; i++) {
    const r = await call(t, 'GET', `/apis/apps/v1/namespaces/default/deployments/${NAME}`);
    const d = JSON.parse(r.body);
    const s = d.status ?? {};
    if (
      d.metadata.generation >= minGeneration &&
      (s.observedGeneration ?? 0) >= d.metadata.generation &&
      s.updatedReplicas === REPLICAS &&
      s.replicas === REPLICAS &&
      s.availableReplicas === REPLICAS
    )
      return performance.now();
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`deployment not rolled out within ${TIMEOUT_MS} ms`);
}

async function benchKubedeck(t: ApiTarget, image: string): Promise<{ createMs: number; updateMs: number }> {
  const body = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: NAME } },
      template: {
        metadata: { labels: { app: NAME } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'app', image, command: ['sleep', '3600'], imagePullPolicy: 'IfNotPresent' }],
        },
      },
    },
  };
  // BENCH_TIMELINE=1: print, on every change, live/ready pods per ReplicaSet hash (ms since create).
  const tl0 = performance.now();
  let last = '';
  const watch =
    process.env.BENCH_TIMELINE === '1'
      ? await watchPods(t, 'default', `app=${NAME}`, (pods) => {
          const by = new Map<string, [number, number, number]>();
          for (const p of pods.values()) {
            const h = p.metadata.labels?.['pod-template-hash'] ?? '?';
            const c = by.get(h) ?? [0, 0, 0];
            if (p.metadata.deletionTimestamp) c[2]++;
            else {
              c[0]++;
              if (isReady(p)) c[1]++;
            }
            by.set(h, c);
          }
          const line = [...by]
            .map(([h, [l, r, d]]) => `${h.slice(0, 4)} ${l}/${r}${d ? ` -${d}` : ''}`)
            .join('  ');
          if (line !== last)
            console.error(`${(performance.now() - tl0).toFixed(0).padStart(6)} ${(last = line)}`);
        })
      : undefined;
  let t0 = performance.now();
  const r = await call(t, 'POST', '/apis/apps/v1/namespaces/default/deployments', body);
  if (r.status !== 201) throw new Error(`create deployment: ${r.status} ${r.body}`);
  const createMs = (await untilRolledOut(t, 1)) - t0;
  t0 = performance.now();
  const patch = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // call() sends JSON; a merge patch needs its own content type.
    import('node:https').then(({ default: https }) => {
      const req = https.request(
        `${t.url}/apis/apps/v1/namespaces/default/deployments/${NAME}`,
        {
          method: 'PATCH',
          ca: t.ca,
          headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/merge-patch+json' },
        },
        (res) => {
          let b = '';
          res.on('data', (c) => (b += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
        },
      );
      req.on('error', reject);
      req.end(
        JSON.stringify({
          spec: { template: { metadata: { annotations: { 'bench/run': String(Date.now()) } } } },
        }),
      );
    }, reject);
  });
  if (patch.status !== 200) throw new Error(`patch deployment: ${patch.status} ${patch.body}`);
  const generation = JSON.parse(patch.body).metadata.generation;
  const updateMs = (await untilRolledOut(t, generation)) - t0;
  watch?.stop();
  return { createMs, updateMs };
}

async function main(): Promise<void> {
  const rt = new DockerRuntime();
  await rt.version();
  const images = await ensureTestImages({ log: (s) => console.error(s) });
  const id = randomBytes(3).toString('hex');
  const name = `bench-rollout-${id}`;
  const run = `kdroll-${id}`;
  const cluster = new TestCluster(name);
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  try {
    const r = await cluster.cli(['start', '--name', name, '--nodes', '2'], 180_000);
    if (r.code !== 0) throw new Error(`kubedeck start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
    const { url } = cluster.lock();
    const target: ApiTarget = { url, token: cluster.token(), ca: cluster.caCert() };

    console.error(
      `(a) floor: ${REPLICAS} plain docker runs of ${images.busybox}, at once; then replace them`,
    );
    const floor = await measureFloors(rt, run, images.busybox, REPLICAS);
    console.error(`(b) kubedeck: Deployment of ${REPLICAS}, create -> available, then a rolling update`);
    const kd = await benchKubedeck(target, images.busybox);

    const rc = kd.createMs / floor.createMs;
    const ru = kd.updateMs / floor.replaceMs;
    const mark = (x: number) => (x <= TARGET ? 'ok' : 'MISSED');
    const line = (label: string, a: number, b: number, ratio: number) =>
      `${label.padEnd(36)} ${a.toFixed(0).padStart(10)} ${b.toFixed(0).padStart(12)} ${ratio.toFixed(2).padStart(7)}  ${mark(ratio)}`;
    console.log(`replicas: ${REPLICAS}, 2 worker nodes, strategy RollingUpdate 25%/25%`);
    console.log(
      `${'phase'.padEnd(36)} ${'floor ms'.padStart(10)} ${'kubedeck ms'.padStart(12)} ${'ratio'.padStart(7)}  target <= ${TARGET}`,
    );
    console.log(line('create -> all available', floor.createMs, kd.createMs, rc));
    console.log(line('rolling update -> complete', floor.replaceMs, kd.updateMs, ru));
    console.log(
      JSON.stringify({
        replicas: REPLICAS,
        floor: { createMs: +floor.createMs.toFixed(1), replaceMs: +floor.replaceMs.toFixed(1) },
        kubedeck: { createMs: +kd.createMs.toFixed(1), updateMs: +kd.updateMs.toFixed(1) },
        ratio: { create: +rc.toFixed(2), update: +ru.toFixed(2) },
        target: TARGET,
      }),
    );
  } finally {
    await cleanupFloors(rt, run).catch((e) => console.error(`floor cleanup: ${e.message}`));
    await cluster.destroy();
    const left = await rt.listContainers({ 'kubedeck.cluster': name });
    if (left.length) console.error(`warning: ${left.length} containers of ${name} left behind`);
  }
}

await main();
