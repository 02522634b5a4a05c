// RFC 6902 JSON patch with the error wording of evanphx/json-patch (v4), which the apiserver uses.
// Decoding problems are 400 BadRequest; operations that do not apply are 422 (see util.unprocessable).
import { badRequest, StatusError } from '../errors.js';
import { clone, deepEqual, goJsonKind, isObject, parseJson, unprocessable } from './util.js';

/** Upstream's cap on operations per JSON patch (maxJSONPatchOperations). */
const MAX_OPERATIONS = 10000;

interface Op {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

class OpError extends Error {}

function decodePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new OpError(`JSON pointer must be empty or start with a "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Container holding the last token of `parts` (undefined when the path to it is missing). */
function findContainer(doc: unknown, parts: string[]): unknown {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = parseIndex(p, cur.length - 1);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
      cur = cur[p];
    } else return undefined;
  }
  return Array.isArray(cur) || isObject(cur) ? cur : undefined;
}

function parseIndex(p: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(p)) return undefined;
  const i = Number(p);
  return i <= max ? i : undefined;
}

function indexOrThrow(p: string, max: number): number {
  const i = /^-?[0-9]+$/.test(p) ? Number(p) : NaN;
  if (Number.isNaN(i) || i < 0 || i > max)
    throw new OpError(`Unable to access invalid index: ${p}: invalid index referenced`);
  return i;
}

function get(con: unknown, key: string): { ok: boolean; value?: unknown } {
  if (Array.isArray(con)) {
    const i = parseIndex(key, con.length - 1);
    return i === undefined ? { ok: false } : { ok: true, value: con[i] };
  }
  const o = con as Record<string, unknown>;
  return Object.prototype.hasOwnProperty.call(o, key) ? { ok: true, value: o[key] } : { ok: false };
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const parts = decodePointer(path);
  if (parts.length === 0) return clone(value);
  const con = findContainer(doc, parts);
  if (con === undefined)
    throw new OpError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  const key = parts[parts.length - 1];
  if (Array.isArray(con)) {
    const i = key === '-' ? con.length : indexOrThrow(key, con.length);
    con.splice(i, 0, clone(value));
  } else (con as Record<string, unknown>)[key] = clone(value);
  return doc;
}

function remove(doc: unknown, path: string): { doc: unknown; removed: unknown } {
  const parts = decodePointer(path);
  const con = findContainer(doc, parts);
  if (con === undefined || parts.length === 0) {
    throw new OpError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  }
  const key = parts[parts.length - 1];
  if (Array.isArray(con)) {
    const i = indexOrThrow(key, con.length - 1);
    return { doc, removed: con.splice(i, 1)[0] };
  }
  const o = con as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(o, key))
    throw new OpError(`Unable to remove nonexistent key: ${key}: missing value`);
  const removed = o[key];
  delete o[key];
  return { doc, removed };
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  const parts = decodePointer(path);
  if (parts.length === 0) return clone(value);
  const con = findContainer(doc, parts);
  if (con === undefined)
    throw new OpError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  const key = parts[parts.length - 1];
  if (!get(con, key).ok)
    throw new OpError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  if (Array.isArray(con)) con[Number(key)] = clone(value);
  else (con as Record<string, unknown>)[key] = clone(value);
  return doc;
}

function valueAt(doc: unknown, path: string, verb: string): unknown {
  const parts = decodePointer(path);
  if (parts.length === 0) return doc;
  const con = findContainer(doc, parts);
  const got = con === undefined ? { ok: false } : get(con, parts[parts.length - 1]);
  if (!got.ok)
    throw new OpError(`${verb} operation does not apply: doc is missing from path: ${path}: missing value`);
  return got.value;
}

function applyOne(doc: unknown, op: Op): unknown {
  const kind = op.op;
  if (typeof op.path !== 'string') throw new OpError(`operation missing path field: missing value`);
  const path = op.path;
  const needValue = () => {
    if (!('value' in op)) throw new OpError(`missing value: missing value`);
    return op.value;
  };
  const from = () => {
    if (typeof op.from !== 'string') throw new OpError(`operation missing from field: missing value`);
    return op.from;
  };
  switch (kind) {
    case 'add':
      return add(doc, path, needValue());
    case 'remove':
      return remove(doc, path).doc;
    case 'replace':
      return replace(doc, path, needValue());
    case 'move': {
      const f = from();
      valueAt(doc, f, 'move');
      const { doc: d, removed } = remove(doc, f);
      return add(d, path, removed);
    }
    case 'copy': {
      const v = valueAt(doc, from(), 'copy');
      return add(doc, path, v);
    }
    case 'test': {
      const parts = decodePointer(path);
      let actual: { ok: boolean; value?: unknown };
      if (parts.length === 0) actual = { ok: true, value: doc };
      else {
        const con = findContainer(doc, parts);
        if (con === undefined)
          throw new OpError(`test operation does not apply: is missing path: ${path}: missing value`);
        actual = get(con, parts[parts.length - 1]);
      }
      const want = needValue();
      const same = actual.ok ? deepEqual(actual.value, want) : want === null;
      if (!same) throw new OpError(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw new OpError(`Unexpected kind: ${String(kind)}`);
  }
}

/** Applies a JSON patch body to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, body: string): unknown {
  const ops = parseJson(body);
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  if (ops.length > MAX_OPERATIONS) {
    throw new StatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
    );
  }
  for (const op of ops) {
    if (!isObject(op))
      throw badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
  }
  let out = clone(doc);
  for (const op of ops as Op[]) {
    try {
      out = applyOne(out, op);
    } catch (e) {
      if (e instanceof OpError) throw unprocessable(e.message);
      throw e;
    }
  }
  return out;
}
