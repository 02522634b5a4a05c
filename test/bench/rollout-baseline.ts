// The rollout benchmark's floors, measured through the Docker API in the same run:
// - plain: N busybox `docker run`s at once (create), then N new ones started while the N old ones
//   are removed (replace). This is the floor.
// - pod model: the same, but each unit is what a pod is by design (DESIGN §5): a pause sandbox on
//   the cluster network plus the app container joined to its namespace. It shows how much of the
//   gap is the pod model itself and how much is Kubedeck's own work.
// Everything is labelled kubedeck.bench=<run> for cleanup.
import { performance } from 'node:perf_hooks';
import type { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { bounded } from './bench-stats.js';

export interface Floors {
  createMs: number;
  replaceMs: number;
}

/** What one unit of the floor is: a plain container, or a pause sandbox plus a joined app. */
export interface FloorUnit {
  /** Starts one unit; resolves with the ids to remove it by. */
  start(tag: string): Promise<string[]>;
}

export function plainUnit(rt: DockerRuntime, run: string, image: string): FloorUnit {
  return { start: async (tag) => [await runOne(rt, run, tag, { image, cmd: ['sleep', '3600'] })] };
}

export function podUnit(
  rt: DockerRuntime,
  run: string,
  image: string,
  pauseImage: string,
  network: string,
): FloorUnit {
  return {
    async start(tag) {
      const sandbox = await runOne(rt, run, `${tag}-pause`, { image: pauseImage, networkMode: network });
      const app = await runOne(rt, run, `${tag}-app`, {
        image,
        cmd: ['sleep', '3600'],
        networkMode: `container:${sandbox}`,
      });
      return [app, sandbox];
    },
  };
}

async function runOne(
  rt: DockerRuntime,
  run: string,
  tag: string,
  spec: { image: string; cmd?: string[]; networkMode?: string },
): Promise<string> {
  const id = await rt.createContainer({
    name: `${run}-${tag}`,
    labels: { 'kubedeck.test': 'true', 'kubedeck.bench': run },
    restartPolicy: 'no',
    ...spec,
  });
  await rt.startContainer(id);
  const st = await rt.inspectContainer(id);
  if (st?.state !== 'running') throw new Error(`baseline container ${tag} not running: ${st?.state}`);
  return id;
}

/** n units started at once, then n new ones started while the first n are removed. */
export async function measureFloors(
  rt: DockerRuntime,
  run: string,
  unit: FloorUnit,
  n: number,
): Promise<Floors> {
  try {
    let t0 = performance.now();
    const first = await bounded(
      Promise.all(Array.from({ length: n }, (_, i) => unit.start(`a${i}`))),
      120_000,
      'baseline create',
    );
    const createMs = performance.now() - t0;
    t0 = performance.now();
    await bounded(
      Promise.all([
        ...Array.from({ length: n }, (_, i) => unit.start(`b${i}`)),
        ...first.flat().map((id) => rt.removeContainer(id, { force: true })),
      ]),
      120_000,
      'baseline replace',
    );
    return { createMs, replaceMs: performance.now() - t0 };
  } finally {
    await cleanupFloors(rt, run);
  }
}

export async function cleanupFloors(rt: DockerRuntime, run: string): Promise<void> {
  const list = await rt.docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`kubedeck.bench=${run}`] }),
  });
  await Promise.all(list.map((c) => rt.removeContainer(c.Id, { force: true })));
}
