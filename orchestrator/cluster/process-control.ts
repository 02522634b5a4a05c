// Ending a daemon process: SIGTERM, wait (bounded), then SIGKILL.
import { isPidAlive } from './lock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isPidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Returns 'exited' (clean, after SIGTERM), 'killed' (needed SIGKILL) or 'gone' (was not running). */
export async function terminate(pid: number, timeoutMs = 15_000): Promise<'exited' | 'killed' | 'gone'> {
  if (!isPidAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  if (await waitForExit(pid, timeoutMs)) return 'exited';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'exited';
  }
  await waitForExit(pid, 5_000);
  return 'killed';
}
