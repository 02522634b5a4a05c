// Object metadata the server owns: uid, timestamps, generation, generateName.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ResourceInfo } from '../types.js';

/** RFC 3339 with second precision, as upstream serialises metav1.Time. */
export function nowRfc3339(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Kinds whose metadata.generation tracks spec changes (controllers report observedGeneration). */
const GENERATION_KINDS = new Set([
  'apps/deployments',
  'apps/replicasets',
  'autoscaling/horizontalpodautoscalers',
  'core/pods',
  'core/replicationcontrollers',
]);

export function tracksGeneration(info: ResourceInfo): boolean {
  return GENERATION_KINDS.has(info.storage);
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** upstream SimpleNameGenerator: base (trimmed to 58 chars) + 5 random safe characters. */
export function generateName(base: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length];
  return base.slice(0, 58) + suffix;
}

/** Fills what the server owns on create. */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject, now = new Date()): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = nowRfc3339(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  if (tracksGeneration(info)) m.generation = 1;
  else delete m.generation;
  if (!info.namespaced) delete m.namespace;
}

/** Carries server-owned fields from the stored object to an update and bumps generation on spec change. */
export function prepareForUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) {
    m.deletionTimestamp = o.deletionTimestamp;
    m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  if (o.generateName !== undefined && m.generateName === undefined) m.generateName = o.generateName;
  if (tracksGeneration(info)) {
    m.generation = (o.generation ?? 1) + (specChanged(obj, old) ? 1 : 0);
  } else {
    delete m.generation;
  }
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.spec ?? null) !== JSON.stringify(b.spec ?? null);
}

export function deepCopy<T>(v: T): T {
  return structuredClone(v);
}

/** Stable deep equality for JSON values (key order independent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}
