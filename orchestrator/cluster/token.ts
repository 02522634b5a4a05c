// The cluster's admin bearer token: random, stored 0600, reused across restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './fs-atomic.js';

/** User name the admin token authenticates as (what kind/kubeadm call their admin). */
export const ADMIN_USER = 'kubernetes-admin';

export function ensureToken(file: string): { token: string; generated: boolean } {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, generated: false };
  }
  const token = randomBytes(32).toString('base64url');
  writeFileAtomic(file, token + '\n', 0o600);
  return { token, generated: true };
}
