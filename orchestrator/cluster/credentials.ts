// Read-only access to an existing cluster's CA and token (for probing without creating anything).
import { existsSync, readFileSync } from 'node:fs';
import type { LockInfo } from './lock.js';
import type { ClusterPaths } from '../config/paths.js';
import { probeApi } from './probe.js';

export interface ClusterCredentials {
  caPem: string;
  token: string;
}

export function readCredentials(paths: ClusterPaths): ClusterCredentials | undefined {
  if (!existsSync(paths.caCert) || !existsSync(paths.token)) return undefined;
  return { caPem: readFileSync(paths.caCert, 'utf8'), token: readFileSync(paths.token, 'utf8').trim() };
}

/** A probe for assessLock bound to this cluster's credentials (false when they are missing). */
export function lockProbe(paths: ClusterPaths): (lock: LockInfo) => Promise<boolean> {
  return async (lock) => {
    const creds = readCredentials(paths);
    return creds ? probeApi(lock.url, creds.caPem, creds.token) : false;
  };
}
