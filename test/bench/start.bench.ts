// `npm run bench:start`: wall time of `kubedeck start` as a whole CLI process, the way a person runs
// it, in three cases: fresh create (empty state dir, no network), stop→start (state and stopped
// node containers kept) and start while already running. Each case runs BENCH_RUNS times (3) with
// BENCH_NODES workers (2); prints a table and one JSON line. It measures, it never asserts.
//
// Images are present before the first run (the test images, built once), so no case pays for a
// base-image pull; the node image itself is built by the first fresh create and reused after.
import { performance } from 'node:perf_hooks';
import { ensureTestImages } from '../fixtures/images/build.js';
import { TestCluster, type RunResult } from '../support/cluster.js';
import { pct } from './bench-stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NODES = Number(process.env.BENCH_NODES ?? 2);
const CLI_TIMEOUT_MS = 180_000;

type Case = 'create' | 'stop-start' | 'running';

async function timed(what: string, fn: () => Promise<RunResult>): Promise<number> {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const images = await ensureTestImages({ log: (s) => console.error(s) });
  const samples: Record<Case, number[]> = { create: [], 'stop-start': [], running: [] };
  const cluster = new TestCluster('kdbench');
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  const start = () =>
    cluster.cli(['start', '--name', cluster.name, '--nodes', String(NODES)], CLI_TIMEOUT_MS);
  try {
    for (let i = 0; i < RUNS; i++) {
      // Fresh create: nothing of the cluster exists (delete removes state dir, network, containers).
      const del = await cluster.cli(['delete', '--name', cluster.name], CLI_TIMEOUT_MS);
      if (del.code !== 0) throw new Error(`delete failed:\n${del.stdout}\n${del.stderr}`);
      samples.create.push(await timed('fresh start', start));
      samples.running.push(await timed('start while running', start));
      await timed('stop', () => cluster.stop());
      samples['stop-start'].push(await timed('start after stop', start));
      console.error(
        `run ${i + 1}/${RUNS}: create ${fmt(samples.create[i])}, running ${fmt(samples.running[i])}, stop→start ${fmt(samples['stop-start'][i])}`,
      );
    }
  } finally {
    await cluster.destroy();
  }

  const rows = (Object.keys(samples) as Case[]).map((c) => ({
    case: c,
    runs: samples[c].length,
    min: Math.min(...samples[c]),
    median: pct(samples[c], 50),
    max: Math.max(...samples[c]),
  }));
  console.log(`kubedeck start with ${NODES} worker(s), ${RUNS} run(s) each (whole CLI process, ms)`);
  console.log(['case'.padEnd(12), 'min'.padStart(8), 'median'.padStart(8), 'max'.padStart(8)].join(' '));
  for (const r of rows)
    console.log(
      [r.case.padEnd(12), fmt(r.min).padStart(8), fmt(r.median).padStart(8), fmt(r.max).padStart(8)].join(
        ' ',
      ),
    );
  console.log(
    JSON.stringify({
      bench: 'start',
      nodes: NODES,
      runs: RUNS,
      ms: Object.fromEntries(
        rows.map((r) => [r.case, { min: r.min, median: r.median, max: r.max, samples: samples[r.case] }]),
      ),
    }),
  );
}

function fmt(ms: number): string {
  return ms.toFixed(0);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
