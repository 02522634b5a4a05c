// The dashboard's per-launch token: derived from the cluster's admin token and a nonce the daemon
// picks at each start, so only someone who can read the cluster's credentials can open it, and
// an old URL stops working once the control plane restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function dashboardToken(adminToken: string, nonce: string): string {
  return createHmac('sha256', adminToken).update(`kubedeck-dashboard:${nonce}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
