// Launching the daemon detached (stdio → daemon.log) and waiting until its API answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { UserError } from '../config/errors.js';
import { readLock, type LockInfo } from './lock.js';
import type { ClusterPaths } from '../config/paths.js';
import { probeApi } from './probe.js';

/** How to run `kubedeck __daemon --name N` (the CLI knows where its own bundle is). */
export interface DaemonCommand {
  command: string;
  args: string[];
}

const LOG_ROTATE_BYTES = 5 * 1024 * 1024;

export function launchDaemon(
  paths: ClusterPaths,
  cmd: DaemonCommand,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  if (existsSync(paths.log) && statSync(paths.log).size > LOG_ROTATE_BYTES)
    renameSync(paths.log, `${paths.log}.1`);
  const fd = openSync(paths.log, 'a', 0o600);
  writeSync(fd, `\n=== kubedeck daemon launch ${new Date().toISOString()} ===\n`);
  try {
    const child = spawn(cmd.command, cmd.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: paths.dir,
      // glibc's default of one malloc arena per thread (libuv's pool, SQLite's checkpoint worker)
      // leaves memory that is freed but never returned; two arenas cost the daemon nothing measurable.
      env: { MALLOC_ARENA_MAX: '2', ...env, KUBEDECK_HOME: paths.home },
    });
    child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

/** Last `n` non-empty lines of the daemon log (for failure messages). */
export function logTail(file: string, n = 12): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .slice(-n);
  } catch {
    return [];
  }
}

export interface WaitOptions {
  caPem: string;
  token: string;
  timeoutMs?: number;
}

/** Resolves with the daemon's lock once it is written by `child` and the API answers. */
export function waitForReady(paths: ClusterPaths, child: ChildProcess, opts: WaitOptions): Promise<LockInfo> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    child.once('exit', (code, signal) => (exited = { code, signal }));
    child.once('error', (err) => (spawnError = err));
    const deadline = Date.now() + timeoutMs;
    const failure = (what: string) =>
      new UserError(
        what,
        `see ${paths.log}`,
        logTail(paths.log).map((l) => `  ${l}`),
      );
    const tick = async () => {
      if (spawnError) return reject(new UserError(`could not launch the daemon: ${spawnError.message}`));
      const lock = readLock(paths.lock);
      if (lock && lock.pid === child.pid && (await probeApi(lock.url, opts.caPem, opts.token)))
        return resolve(lock);
      if (exited) {
        const how = exited.signal ? `was killed by ${exited.signal}` : `exited with code ${exited.code}`;
        return reject(failure(`the daemon ${how} before the control plane was ready`));
      }
      if (Date.now() >= deadline) {
        child.kill('SIGTERM');
        return reject(failure(`the control plane was not ready after ${Math.round(timeoutMs / 1000)} s`));
      }
      setTimeout(() => void tick(), 100);
    };
    void tick();
  });
}
