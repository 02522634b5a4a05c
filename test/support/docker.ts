// Gate for suites that need the real Docker engine: they fail loudly when no engine answers,
// unless KUBEDECK_SKIP_DOCKER_TESTS=1 asks to skip them (the reason is printed).
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';

export const SKIP_DOCKER = process.env.KUBEDECK_SKIP_DOCKER_TESTS === '1';

if (SKIP_DOCKER)
  console.warn('[docker] KUBEDECK_SKIP_DOCKER_TESTS=1: skipping suites that need a Docker engine');

/**
 * Resolves with a runtime connected to a live engine. Throws a clear error when none answers
 * (run scripts/ensure-docker.sh, or set KUBEDECK_SKIP_DOCKER_TESTS=1 to skip).
 * Use with `describe.skipIf(SKIP_DOCKER)` so skipping is visible in the report.
 */
export async function requireDocker(): Promise<DockerRuntime> {
  const rt = new DockerRuntime();
  try {
    await rt.version();
  } catch (err) {
    throw new Error(
      `No Docker engine answers (${(err as Error).message}). Start one with scripts/ensure-docker.sh, ` +
        'or set KUBEDECK_SKIP_DOCKER_TESTS=1 to skip the suites that need it.',
      { cause: err },
    );
  }
  return rt;
}

/**
 * Removes `kubedeck.test=true` containers and networks left by killed runs. Only objects older than
 * `olderThanMs` go, so suites running at the same time (other files, other people) are untouched.
 */
export async function removeStaleTestObjects(rt: DockerRuntime, olderThanMs = 15 * 60_000): Promise<number> {
  const cutoff = (Date.now() - olderThanMs) / 1000;
  const filters = JSON.stringify({ label: ['kubedeck.test=true'] });
  let removed = 0;
  for (const c of await rt.docker.listContainers({ all: true, filters })) {
    if (c.Created < cutoff) {
      await rt.removeContainer(c.Id, { force: true });
      removed++;
    }
  }
  for (const n of await rt.docker.listNetworks({ filters } as object)) {
    if (Date.parse(n.Created ?? '') / 1000 < cutoff) {
      await rt.removeNetwork(n.Id).catch(() => {}); // still in use by a live container: leave it
      removed++;
    }
  }
  return removed;
}
