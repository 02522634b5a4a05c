// RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces.
import { badRequest } from '../errors.js';
import { clone, isObject } from './util.js';

export function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatchValue(out[k], v);
  }
  return out;
}

/** Applies a merge patch body to `doc` (never mutating it). Bad JSON → 400 like upstream's ErrBadJSONPatch. */
export function applyMergePatch(doc: unknown, body: string): unknown {
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch {
    throw badRequest('Invalid JSON Patch');
  }
  return mergePatchValue(doc, patch);
}
