// The rollout benchmark's floor: the same work done by hand with plain `docker run`s through the
// Docker API — N busybox containers started at once (the create floor), then N new ones started
// while the N old ones are removed (the replace floor). Labelled kubedeck.bench=<run> for cleanup.
import { performance } from 'node:perf_hooks';
import type { DockerRuntime } from '../../orchestrator/runtime/docker.js';
import { bounded } from './bench-stats.js';

export interface Floors {
  createMs: number;
  replaceMs: number;
}

export async function measureFloors(
  rt: DockerRuntime,
  run: string,
  image: string,
  n: number,
): Promise<Floors> {
  const labels = { 'kubedeck.test': 'true', 'kubedeck.bench': run };
  const start = async (tag: string): Promise<string> => {
    const id = await rt.createContainer({
      name: `${run}-${tag}`,
      image,
      labels,
      cmd: ['sleep', '3600'],
      restartPolicy: 'no',
    });
    await rt.startContainer(id);
    const st = await rt.inspectContainer(id);
    if (st?.state !== 'running') throw new Error(`baseline container ${tag} not running: ${st?.state}`);
    return id;
  };
  try {
    let t0 = performance.now();
    const first = await bounded(
      Promise.all(Array.from({ length: n }, (_, i) => start(`a${i}`))),
      120_000,
      'baseline create',
    );
    const createMs = performance.now() - t0;
    t0 = performance.now();
    await bounded(
      Promise.all([
        ...Array.from({ length: n }, (_, i) => start(`b${i}`)),
        ...first.map((id) => rt.removeContainer(id, { force: true })),
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
