// The Docker engine's status for the Cluster screen (reachable, version, our containers), bounded
// by a timeout so a busy engine never hangs the page.
import { connectEngine } from '../cluster/engine.js';
import { UserError } from '../config/errors.js';
import type { DockerStatus } from '../contract/index.js';

const DOCKER_TIMEOUT_MS = 10_000;

/** Whether the engine answers, its version and platform, and how many kubedeck containers it holds. */
export async function dockerStatus(
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<DockerStatus> {
  const base = { platform: process.platform, command: 'docker version' };
  let timer: NodeJS.Timeout | undefined;
  let slow = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      slow = true;
      reject(
        new UserError(`Docker did not answer within ${timeoutMs / 1000} s`, 'is it busy or starting up?'),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        const rt = await connectEngine(env);
        const [v, all] = await Promise.all([
          rt.version(),
          rt.docker.listContainers({ all: true, filters: { label: ['kubedeck.cluster'] } }),
        ]);
        const mine = all.filter((c) => c.Labels?.['kubedeck.cluster'] === cluster);
        return {
          ...base,
          reachable: true,
          version: v.version,
          apiVersion: v.apiVersion,
          os: v.os,
          arch: v.arch,
          operatingSystem: v.operatingSystem,
          containers: {
            cluster: mine.length,
            clusterRunning: mine.filter((c) => c.State === 'running').length,
            all: all.length,
          },
        };
      })(),
      timeout,
    ]);
  } catch (err) {
    const e = err instanceof UserError ? err : undefined;
    return {
      ...base,
      reachable: false,
      ...(slow ? { slow } : {}),
      error: e?.message ?? (err as Error).message,
      hint: e?.hint,
    };
  } finally {
    clearTimeout(timer);
  }
}
