// Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch semantics, server side):
// maps merge, null deletes, lists merge by key or are replaced per merge-keys.ts, and the
// directives $patch, $retainKeys, $deleteFromPrimitiveList/<f>, $setElementOrder/<f>.
import { StatusError, badRequest, internalError } from '../errors.js';
import { childSchema, type ListFacts, type SchemaNode } from './merge-keys.js';
import { clone, deepEqual, isObject, type JsonObject } from './util.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(DELETE_FROM_PRIMITIVE) || k.startsWith(SET_ORDER)
  );
}

/** 422 like upstream's ErrNoListOfLists / ErrPatchContentNotMatchRetainKeys. */
function unprocessableSmp(message: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message }],
  });
}

/** A value taken from the patch as-is (no original to merge with): drop nulls and directives. */
function cleanNew(v: unknown): unknown {
  if (Array.isArray(v)) {
    if (v.some(isReplaceMarker)) return v.filter((e) => !isReplaceMarker(e)).map(cleanNew);
    return v.filter((e) => !(isObject(e) && e[DIRECTIVE] === 'delete')).map(cleanNew);
  }
  if (!isObject(v)) return v;
  if (v[DIRECTIVE] === 'delete') return {};
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || isDirectiveKey(k)) continue;
    out[k] = cleanNew(x);
  }
  return out;
}

function isReplaceMarker(e: unknown): boolean {
  return isObject(e) && e[DIRECTIVE] === 'replace' && Object.keys(e).length === 1;
}

/** Merges `patch` into a copy of `original`. */
export function strategicMerge(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
): JsonObject {
  return mergeMap(clone(original), patch, schema);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === 'replace') return cleanNew(patch) as JsonObject;
    if (directive === 'delete') return {};
    if (directive !== 'merge')
      throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }

  if (RETAIN_KEYS in patch) {
    const keep = patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw badRequest('invalid patch format of retainKeys');
    for (const [k, v] of Object.entries(patch)) {
      if (v !== null && !isDirectiveKey(k) && !keep.includes(k))
        throw badRequest('invalid patch format of retainKeys');
    }
    for (const k of Object.keys(original)) if (!keep.includes(k)) delete original[k];
  }

  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(DELETE_FROM_PRIMITIVE)) continue;
    const field = k.slice(DELETE_FROM_PRIMITIVE.length);
    if (!Array.isArray(v)) throw badRequest('invalid patch format of primitive list');
    const cur = original[field];
    if (Array.isArray(cur)) {
      const kept = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      if (kept.length) original[field] = kept;
      else delete original[field];
    }
  }

  const orders = new Map<string, unknown[]>();
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    if (!Array.isArray(v)) throw badRequest('invalid patch format of setElementOrder list');
    orders.set(k.slice(SET_ORDER.length), v);
  }

  for (const [k, pv] of Object.entries(patch)) {
    if (isDirectiveKey(k)) continue;
    const child = childSchema(schema, k);
    if (pv === null) {
      delete original[k];
      continue;
    }
    const ov = original[k];
    if (ov === undefined || ov === null) {
      original[k] = cleanNew(pv);
      if (isObject(pv) && pv[DIRECTIVE] === 'delete') delete original[k];
    } else if (isObject(pv) && isObject(ov)) {
      if (pv[DIRECTIVE] === 'delete') delete original[k];
      else original[k] = mergeMap(ov, pv, child);
    } else if (Array.isArray(pv) && Array.isArray(ov)) {
      original[k] = mergeList(ov, pv, child?.list, child?.items);
    } else {
      original[k] = cleanNew(pv);
    }
  }

  for (const [field, order] of orders) {
    const cur = original[field];
    if (Array.isArray(cur)) original[field] = reorder(cur, order, childSchema(schema, field)?.list?.smpKey);
  }
  return original;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  facts: ListFacts | undefined,
  items: SchemaNode | undefined,
): unknown[] {
  if (patch.some((e) => Array.isArray(e))) throw unprocessableSmp('lists of lists are not supported');
  if (facts?.smp !== 'merge') return cleanNew(patch) as unknown[];
  if (patch.some(isReplaceMarker)) return cleanNew(patch) as unknown[];

  const key = facts.smpKey;
  if (!key) {
    // Merge list of primitives: set union, original order first.
    const out = [...original];
    for (const p of patch) if (!out.some((o) => deepEqual(o, p))) out.push(clone(p));
    return out;
  }

  let out = [...original];
  for (const p of patch) {
    if (!isObject(p)) throw internalError(`invalid value for merge list item: ${JSON.stringify(p)}`);
    if (!(key in p)) throw internalError(`map: ${goMap(p)} does not contain declared merge key: ${key}`);
    const idx = out.findIndex((o) => isObject(o) && deepEqual(o[key], p[key]));
    if (p[DIRECTIVE] === 'delete') {
      out = out.filter((o) => !(isObject(o) && deepEqual(o[key], p[key])));
      continue;
    }
    if (idx >= 0) out[idx] = mergeMap(out[idx] as JsonObject, p, items);
    else out.push(cleanNew(p));
  }
  return out;
}

/** Go's %v rendering of a map, used in upstream's merge-key error. */
function goMap(m: JsonObject): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${typeof m[k] === 'object' ? JSON.stringify(m[k]) : String(m[k])}`)
    .join(' ')}]`;
}

/**
 * $setElementOrder: items named in `order` come in that order; items only the server has keep
 * their original relative position (upstream's normalizeElementOrder + mergeSortedSlice).
 */
function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const ident = (e: unknown) => (key && isObject(e) ? e[key] : e);
  const orderIdx = (e: unknown) =>
    order.findIndex((o) => deepEqual(key && isObject(o) ? o[key] : o, ident(e)));
  const listed = list.filter((e) => orderIdx(e) >= 0).sort((a, b) => orderIdx(a) - orderIdx(b));
  const serverOnly = list.filter((e) => orderIdx(e) < 0);
  if (serverOnly.length === 0) return listed;
  const pos = (e: unknown) => list.indexOf(e);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < listed.length && j < serverOnly.length) {
    if (pos(listed[i]) <= pos(serverOnly[j])) out.push(listed[i++]);
    else out.push(serverOnly[j++]);
  }
  return out.concat(listed.slice(i), serverOnly.slice(j));
}
