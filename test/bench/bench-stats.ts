// Small measurement helpers shared by the pod benchmark: percentiles, /proc memory, bounded waits.
import { readFileSync } from 'node:fs';

/** Nearest-rank percentile (p in 0..100) of xs; NaN for an empty list. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** A /proc/<pid>/status memory field in MB (VmRSS includes shared text; RssAnon is the process's own). */
export function procMb(pid: number, field: 'VmRSS' | 'RssAnon'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN; // process gone, or the engine runs in a VM whose pids we cannot see
  }
}

/** Rejects with `what` once ms pass, so no wait in the benchmark is unbounded. */
export function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs fn(i) for i in [0, n): one after another, or all at once. Resolves with results in order. */
export async function runAll<T>(n: number, burst: boolean, fn: (i: number) => Promise<T>): Promise<T[]> {
  if (burst) return Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}
