// Gate for suites that need the real Docker engine: they fail loudly when no engine answers,
// unless KUBEDECK_SKIP_DOCKER_TESTS=1 asks to skip them (the reason is printed).
import { DockerRuntime } from '../../orchestrator/runtime/docker.js';

export const SKIP_DOCKER = process.env.KUBEDECK_SKIP_DOCKER_TESTS === '1';

if (SKIP_DOCKER) console.warn('[docker] KUBEDECK_SKIP_DOCKER_TESTS=1: skipping suites that need a Docker engine');

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
    );
  }
  return rt;
}
