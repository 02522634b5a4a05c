// A throwaway cluster with worker nodes built from the locally built test images (no registry).
import { ensureTestImages, type TestImages } from '../fixtures/images/build.js';
import { requireDocker } from './docker.js';
import type { TestCluster } from './cluster.js';

/** Starts `cluster` with `nodes` workers on the test images; returns the images for pod specs. */
export async function startWithWorkers(cluster: TestCluster, nodes = 1): Promise<TestImages> {
  await requireDocker();
  const images = await ensureTestImages();
  cluster.env.KUBEDECK_NODE_BASE_IMAGE = images.node;
  cluster.env.KUBEDECK_PAUSE_IMAGE = images.pause;
  const r = await cluster.cli(['start', '--name', cluster.name, '--nodes', String(nodes)], 180_000);
  if (r.code !== 0) throw new Error(`start failed:\n${r.stderr}\n${cluster.daemonLog()}`);
  return images;
}
