// The lock file: written by the daemon once its API server listens, removed when it stops.
// A lock whose process is gone, belongs to another program, or whose API does not answer is stale.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from './fs-atomic.js';

export interface LockInfo {
  pid: number;
  url: string;
  port: number;
  startedAt: string;
  name?: string;
  /** The web dashboard's port and the nonce its per-launch token derives from (dashboard/token.ts). */
  dashboardPort?: number;
  dashboardNonce?: string;
}

export function readLock(file: string): LockInfo | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const l = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof l.pid !== 'number' || typeof l.url !== 'string' || typeof l.port !== 'number')
      return undefined;
    return {
      pid: l.pid,
      url: l.url,
      port: l.port,
      startedAt: String(l.startedAt ?? ''),
      name: l.name,
      ...(typeof l.dashboardPort === 'number' ? { dashboardPort: l.dashboardPort } : {}),
      ...(typeof l.dashboardNonce === 'string' ? { dashboardNonce: l.dashboardNonce } : {}),
    };
  } catch {
    // Truncated or garbage: treat as no usable lock (the caller will recover).
    return undefined;
  }
}

export function writeLock(file: string, lock: LockInfo): void {
  writeFileAtomic(file, JSON.stringify(lock) + '\n', 0o644);
}

/** Removes the lock, but only if it is still the one owned by `pid` (when given). */
export function removeLock(file: string, pid?: number): void {
  if (pid !== undefined) {
    const current = readLock(file);
    if (current && current.pid !== pid) return;
  }
  rmSync(file, { force: true });
}

/** Alive = signal 0 succeeds and (where /proc exists) the process is not a zombie. */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: exists but owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Whether `pid` is a kubedeck daemon for cluster `name`, from its command line.
 * undefined when the platform does not tell us (no /proc), so callers fall back to the API probe.
 */
export function isOurDaemon(pid: number, name: string): boolean | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return existsSync('/proc/self/cmdline') ? false : undefined;
  }
  const args = raw.split('\0');
  const i = args.indexOf('__daemon');
  if (i < 0) return false;
  const rest = args.slice(i + 1);
  const n = rest.indexOf('--name');
  return n >= 0 ? rest[n + 1] === name : rest.includes(`--name=${name}`);
}

export type LockState =
  | { state: 'none' }
  | { state: 'running'; lock: LockInfo }
  | {
      state: 'stale';
      lock: LockInfo;
      reason: string;
      /** our daemon, alive but unresponsive */ hung: boolean;
    };

export interface LockProbeDeps {
  isAlive?: (pid: number) => boolean;
  isOurs?: (pid: number, name: string) => boolean | undefined;
  /** Resolves true when the API at lock.url answers (over TLS verified with our CA). */
  probe: (lock: LockInfo) => Promise<boolean>;
}

export async function assessLock(
  name: string,
  lock: LockInfo | undefined,
  deps: LockProbeDeps,
): Promise<LockState> {
  if (!lock) return { state: 'none' };
  const isAlive = deps.isAlive ?? isPidAlive;
  const isOurs = deps.isOurs ?? isOurDaemon;
  if (!isAlive(lock.pid))
    return { state: 'stale', lock, reason: `pid ${lock.pid} is not running`, hung: false };
  const ours = isOurs(lock.pid, name);
  if (ours === false) {
    return {
      state: 'stale',
      lock,
      reason: `pid ${lock.pid} is not a kubedeck daemon for '${name}'`,
      hung: false,
    };
  }
  if (await deps.probe(lock)) return { state: 'running', lock };
  return {
    state: 'stale',
    lock,
    reason: `pid ${lock.pid} does not answer at ${lock.url}`,
    hung: ours === true,
  };
}
