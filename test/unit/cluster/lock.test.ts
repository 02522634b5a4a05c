import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assessLock,
  isOurDaemon,
  isPidAlive,
  readLock,
  removeLock,
  writeLock,
  type LockInfo,
} from '../../../orchestrator/cluster/lock.js';
import { tempDir } from './helpers.js';

const lockFor = (pid: number): LockInfo => ({
  pid,
  url: 'https://127.0.0.1:40001',
  port: 40001,
  startedAt: new Date().toISOString(),
});

/** A pid that certainly belonged to a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('lock file', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    t = tempDir();
    file = path.join(t.dir, 'lock');
  });
  afterEach(() => t.cleanup());

  it('round-trips and ignores garbage', () => {
    expect(readLock(file)).toBeUndefined();
    writeLock(file, lockFor(123));
    expect(readLock(file)).toMatchObject({ pid: 123, port: 40001 });
    writeFileSync(file, '{"pid":');
    expect(readLock(file)).toBeUndefined();
  });

  it('removeLock with a pid leaves a lock owned by another pid', () => {
    writeLock(file, lockFor(123));
    removeLock(file, 456);
    expect(readLock(file)?.pid).toBe(123);
    removeLock(file, 123);
    expect(readLock(file)).toBeUndefined();
  });
});

describe('pid checks', () => {
  it('isPidAlive: self alive, exited child dead, nonsense pids dead', async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(await deadPid())).toBe(false);
    expect(isPidAlive(0)).toBe(false);
    expect(isPidAlive(-1)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('isOurDaemon reads the command line', async () => {
    expect(isOurDaemon(process.pid, 'kubedeck')).toBe(false);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '__daemon', '--name', 'dev']);
    await new Promise((r) => child.once('spawn', r));
    try {
      expect(isOurDaemon(child.pid!, 'dev')).toBe(true);
      expect(isOurDaemon(child.pid!, 'other')).toBe(false);
    } finally {
      child.kill();
    }
  });
});

describe('assessLock', () => {
  const yes = () => Promise.resolve(true);
  const no = () => Promise.resolve(false);

  it('no lock → none', async () => {
    expect(await assessLock('k', undefined, { probe: yes })).toEqual({ state: 'none' });
  });

  it('dead pid → stale, not hung, without probing', async () => {
    let probed = false;
    const s = await assessLock('k', lockFor(await deadPid()), {
      probe: () => ((probed = true), Promise.resolve(true)),
    });
    expect(s).toMatchObject({ state: 'stale', hung: false });
    expect(probed).toBe(false);
  });

  it('live pid of another program → stale (pid reuse)', async () => {
    const s = await assessLock('k', lockFor(process.pid), { probe: yes, isOurs: () => false });
    expect(s.state).toBe('stale');
    if (s.state === 'stale') expect(s.reason).toMatch(/not a kubedeck daemon/);
  });

  it('our live daemon whose API does not answer → stale and hung', async () => {
    const s = await assessLock('k', lockFor(process.pid), { probe: no, isOurs: () => true });
    expect(s).toMatchObject({ state: 'stale', hung: true });
  });

  it('unknown ownership (no /proc) and API not answering → stale but not hung (never kill a stranger)', async () => {
    const s = await assessLock('k', lockFor(process.pid), { probe: no, isOurs: () => undefined });
    expect(s).toMatchObject({ state: 'stale', hung: false });
  });

  it('live daemon answering → running', async () => {
    const lock = lockFor(process.pid);
    expect(await assessLock('k', lock, { probe: yes, isOurs: () => true })).toEqual({
      state: 'running',
      lock,
    });
    expect(await assessLock('k', lock, { probe: yes, isOurs: () => undefined })).toEqual({
      state: 'running',
      lock,
    });
  });
});
