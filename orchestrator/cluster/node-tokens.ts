// Per-node bearer tokens: one random token per worker, kept 0600 in nodes/<node>/token and mounted
// read-only into that node. The daemon accepts every token it finds as system:node:<name>.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { nodeUser } from '../config/names.js';
import { nodePaths, type ClusterPaths } from '../config/paths.js';
import { ensureToken } from './token.js';

export function ensureNodeToken(paths: ClusterPaths, node: string): string {
  return ensureToken(nodePaths(paths, node).token).token;
}

/** token → user for every node that has a token file (what the API server should accept). */
export function readNodeTokens(paths: ClusterPaths): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(paths.nodesDir)) return out;
  for (const node of readdirSync(paths.nodesDir)) {
    const file = nodePaths(paths, node).token;
    if (!existsSync(file)) continue;
    const token = readFileSync(file, 'utf8').trim();
    if (token) out[token] = nodeUser(node);
  }
  return out;
}
