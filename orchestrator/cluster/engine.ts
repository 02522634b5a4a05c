// Connecting to the Docker engine for lifecycle commands: an unreachable engine becomes one line
// saying what to do, instead of a socket error.
import { DockerRuntime } from '../runtime/docker.js';
import { UserError } from '../config/errors.js';

export function dockerNotRunning(detail?: string): UserError {
  const how =
    process.platform === 'linux'
      ? 'start Docker (Linux: sudo systemctl start docker) and try again'
      : 'start Docker Desktop and try again';
  return new UserError(`Docker is not running${detail ? ` (${detail})` : ''}`, how);
}

/** A runtime whose engine answered /version; throws the one-line UserError otherwise. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env): Promise<DockerRuntime> {
  const host = env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) {
    throw new UserError(`DOCKER_HOST=${host} is not supported`, 'use a local unix socket (unix:///path)');
  }
  const rt = new DockerRuntime(host ? { socketPath: host.slice('unix://'.length) } : {});
  try {
    await rt.version();
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/EACCES|permission denied/i.test(msg)) {
      throw new UserError(
        'cannot use the Docker socket (permission denied)',
        'add yourself to the docker group (sudo usermod -aG docker $USER, then log in again) and try again',
      );
    }
    throw dockerNotRunning();
  }
  return rt;
}
