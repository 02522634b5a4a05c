// The benchmark's baseline: what a pod costs when done by hand through the Docker API — a pause
// sandbox on a user network plus one app container sharing its network namespace. Everything is
// labelled (kubedeck.test=true, kubedeck.bench=<run>) so stale-object sweeps find leftovers.
import { performance } from 'node:perf_hooks';
import type { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { bounded, runAll } from './bench-stats.js';

export interface BaselineOptions {
  run: string;
  pauseImage: string;
  appImage: string;
  pairs: number;
  warmup: number;
  burst: boolean;
  /** Bound for one pair, create to both running. */
  pairTimeoutMs: number;
}

export async function runBaseline(rt: DockerRuntime, o: BaselineOptions): Promise<number[]> {
  const labels = { 'kubedeck.test': 'true', 'kubedeck.bench': o.run };
  const network = `${o.run}-net`;
  await rt.createNetwork(network, { labels });
  try {
    const pair = async (tag: string): Promise<number> => {
      const t0 = performance.now();
      const sandbox = await rt.createContainer({
        name: `${o.run}-${tag}-pod`,
        image: o.pauseImage,
        labels,
        hostname: `${o.run}-${tag}`,
        networkMode: network,
        restartPolicy: 'no',
      });
      await rt.startContainer(sandbox);
      const app = await rt.createContainer({
        name: `${o.run}-${tag}-app`,
        image: o.appImage,
        labels,
        cmd: ['sleep', '3600'],
        networkMode: `container:${sandbox}`,
        restartPolicy: 'no',
      });
      await rt.startContainer(app);
      // "Running" as the engine reports it, like the agent's status comes from inspect.
      const [s, a] = await Promise.all([rt.inspectContainer(sandbox), rt.inspectContainer(app)]);
      const dt = performance.now() - t0;
      if (s?.state !== 'running' || a?.state !== 'running')
        throw new Error(`baseline pair ${tag} not running: sandbox ${s?.state}, app ${a?.state}`);
      return dt;
    };
    for (let i = 0; i < o.warmup; i++) await bounded(pair(`warm${i}`), o.pairTimeoutMs, 'baseline warm-up');
    return await runAll(o.pairs, o.burst, (i) =>
      bounded(pair(String(i)), o.pairTimeoutMs * (o.burst ? o.pairs : 1), `baseline pair ${i}`),
    );
  } finally {
    await cleanupBaseline(rt, o.run);
  }
}

/** Removes the run's containers (app ones first: they hold the sandbox's namespace) and network. */
export async function cleanupBaseline(rt: DockerRuntime, run: string): Promise<void> {
  const list = await rt.docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`kubedeck.bench=${run}`] }),
  });
  const names = (c: (typeof list)[number]) => c.Names.join(',');
  const apps = list.filter((c) => names(c).endsWith('-app'));
  const rest = list.filter((c) => !names(c).endsWith('-app'));
  for (const group of [apps, rest])
    await Promise.all(group.map((c) => rt.removeContainer(c.Id, { force: true })));
  await rt.removeNetwork(`${run}-net`);
}
