// Simulated partitions: the nodes cut off from the API server, kept in the state dir
// (partitions.json) so they survive a control-plane restart. `kubedeck node partition|heal`
// writes the file; the daemon polls it into the set of users the API server drops.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './fs-atomic.js';
import { nodeUser } from '../config/names.js';
import type { ClusterPaths } from '../config/paths.js';

export function partitionsFile(paths: ClusterPaths): string {
  return path.join(paths.dir, 'partitions.json');
}

export function readPartitions(paths: ClusterPaths): string[] {
  const file = partitionsFile(paths);
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed?.nodes) ? parsed.nodes.filter((n: unknown) => typeof n === 'string') : [];
  } catch {
    return []; // a torn or hand-broken file means no partition rather than a dead daemon
  }
}

export function writePartitions(paths: ClusterPaths, nodes: string[]): void {
  writeFileAtomic(
    partitionsFile(paths),
    JSON.stringify({ nodes: [...new Set(nodes)].sort() }, null, 2) + '\n',
    0o644,
  );
}

/** Keeps `users` equal to the partitioned nodes' identities, re-reading the file every pollMs. */
export function followPartitions(paths: ClusterPaths, users: Set<string>, pollMs = 250): { stop(): void } {
  const load = () => {
    const want = new Set(readPartitions(paths).map(nodeUser));
    for (const u of users) if (!want.has(u)) users.delete(u);
    for (const u of want) users.add(u);
  };
  load();
  const timer = setInterval(load, pollMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
