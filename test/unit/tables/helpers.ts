// Shared fixtures for the table tests: a fixed clock and resource lookups.
import { findResource } from '../../../orchestrator/api/resources.js';
import type { ResourceInfo } from '../../../orchestrator/api/types.js';

export const NOW = new Date('2024-05-01T12:00:00Z');

/** RFC3339 timestamp `ms` before NOW (second precision like the API). */
export function ago(ms: number): string {
  return new Date(NOW.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const S = 1000;
export const M = 60 * S;
export const H = 60 * M;
export const D = 24 * H;

export function info(group: string, version: string, resource: string): ResourceInfo {
  const r = findResource(group, version, resource);
  if (!r) throw new Error(`no resource ${group}/${version}/${resource}`);
  return r;
}
