// `npm run bench:rollout`: a Deployment of BENCH_REPLICAS (30) busybox pods on a two-worker
// cluster, from create to all available, then a full rolling update of it (default 25%/25%
// strategy, a template annotation change), each compared with its floor measured in the same run
// on the same engine: the same number of plain `docker run`s of the same image started at once
// (create), and as many new ones started while the old ones are removed (replace). Prints a
// table and a JSON line with the ratios (target <= 1.5). A second floor, the pod model's (a pause
// sandbox on the cluster network plus a joined app per replica, by hand), separates what the pod
// model itself costs on this engine from Kubedeck's own overhead.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { networkName } from '../../orchestrator/config/names.js';
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { ensureTestImages } from '../fixtures/images/build.js';
import { TestCluster } from '../support/cluster.js';
import { call, type ApiTarget } from './pods-watch.js';
import { cleanupFloors, measureFloors, plainUnit, podUnit } from './rollout-baseline.js';
import { countPods, timelineLine, watchPods } from './rollout-watch.js';

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

interface KubedeckTimes {
  createMs: number;
  updateMs: number;
  /** Create phase: when the first pod, and half of them, turned Ready. */
  firstReadyMs: number;
  halfReadyMs: number;
}

async function benchKubedeck(t: ApiTarget, image: string): Promise<KubedeckTimes> {
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
  let t0 = performance.now();
  // Always watched: when the first pod and half of them were Ready in the create phase (how
  // steadily a rollout progresses). BENCH_TIMELINE=1 also prints the counts on every change.
  const timeline = process.env.BENCH_TIMELINE === '1';
  const readyAt: number[] = [];
  let creating = true;
  let last = '';
  const watch = await watchPods(t, 'default', `app=${NAME}`, (pods) => {
    if (creating) {
      const ready = countPods(pods.values()).ready;
      while (readyAt.length < ready) readyAt.push(performance.now() - t0);
    }
    if (!timeline) return;
    const line = timelineLine(pods.values());
    if (line !== last) console.error(`${(performance.now() - t0).toFixed(0).padStart(6)} ${(last = line)}`);
  });
  t0 = performance.now();
  const r = await call(t, 'POST', '/apis/apps/v1/namespaces/default/deployments', body);
  if (r.status !== 201) throw new Error(`create deployment: ${r.status} ${r.body}`);
  const createMs = (await untilRolledOut(t, 1)) - t0;
  creating = false;
  if (!timeline) watch.stop(); // not read any more: no extra watch traffic while the update is timed
  const firstReadyMs = readyAt[0] ?? NaN; // NaN: the watch saw no Ready pod in time
  const halfReadyMs = readyAt[Math.ceil(REPLICAS / 2) - 1] ?? NaN;
  t0 = performance.now();
  const patch = await call(
    t,
    'PATCH',
    `/apis/apps/v1/namespaces/default/deployments/${NAME}`,
    { spec: { template: { metadata: { annotations: { 'bench/run': String(Date.now()) } } } } },
    { contentType: 'application/merge-patch+json' },
  );
  if (patch.status !== 200) throw new Error(`patch deployment: ${patch.status} ${patch.body}`);
  const generation = JSON.parse(patch.body).metadata.generation;
  const updateMs = (await untilRolledOut(t, generation)) - t0;
  watch.stop(); // idempotent
  return { createMs, updateMs, firstReadyMs, halfReadyMs };
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
    const network = networkName(name);

    console.error(
      `(a) floor: ${REPLICAS} plain docker runs of ${images.busybox}, at once; then replace them`,
    );
    const floor = await measureFloors(rt, run, plainUnit(rt, run, images.busybox), REPLICAS);
    console.error(`(b) pod-model floor: the same with a pause sandbox on ${network} plus a joined app each`);
    const podFloor = await measureFloors(
      rt,
      run,
      podUnit(rt, run, images.busybox, images.pause, network),
      REPLICAS,
    );
    console.error(`(c) kubedeck: Deployment of ${REPLICAS}, create -> available, then a rolling update`);
    const kd = await benchKubedeck(target, images.busybox);

    const ratio = {
      create: kd.createMs / floor.createMs,
      update: kd.updateMs / floor.replaceMs,
      podModelCreate: podFloor.createMs / floor.createMs,
      podModelReplace: podFloor.replaceMs / floor.replaceMs,
      overCreate: kd.createMs / podFloor.createMs,
      overUpdate: kd.updateMs / podFloor.replaceMs,
    };
    const mark = (x: number) => (x <= TARGET ? 'ok' : 'MISSED');
    const ms = (x: number, w: number) => x.toFixed(0).padStart(w);
    const r2 = (x: number, w: number) => x.toFixed(2).padStart(w);
    const line = (label: string, f: number, pf: number, k: number, vs: number, pod: number, over: number) =>
      `${label.padEnd(28)} ${ms(f, 9)} ${ms(pf, 10)} ${ms(k, 12)} ${r2(vs, 10)}  ${mark(vs).padEnd(6)} ${r2(pod, 9)} ${r2(over, 10)}`;
    console.log(`replicas: ${REPLICAS}, 2 worker nodes, strategy RollingUpdate 25%/25%`);
    console.log(
      `${'phase'.padEnd(28)} ${'floor ms'.padStart(9)} ${'pod-floor'.padStart(10)} ${'kubedeck ms'.padStart(12)} ${'kd/floor'.padStart(10)}  ${'<=1.5'.padEnd(6)} ${'pod/floor'.padStart(9)} ${'kd/podflr'.padStart(10)}`,
    );
    console.log(
      line(
        'create -> all available',
        floor.createMs,
        podFloor.createMs,
        kd.createMs,
        ratio.create,
        ratio.podModelCreate,
        ratio.overCreate,
      ),
    );
    console.log(
      line(
        'rolling update -> complete',
        floor.replaceMs,
        podFloor.replaceMs,
        kd.updateMs,
        ratio.update,
        ratio.podModelReplace,
        ratio.overUpdate,
      ),
    );
    console.log(
      `create: first pod Ready after ${kd.firstReadyMs.toFixed(0)} ms, half of them after ${kd.halfReadyMs.toFixed(0)} ms`,
    );
    const round = (o: Record<string, number>, d: number) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +v.toFixed(d)]));
    console.log(
      JSON.stringify({
        replicas: REPLICAS,
        floor: round({ ...floor }, 1),
        podModelFloor: round({ ...podFloor }, 1),
        kubedeck: round({ ...kd }, 1),
        ratio: round(ratio, 2),
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
