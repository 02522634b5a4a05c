// Server-side apply (application/apply-patch+yaml): merge the applier's intended object over
// the live one, drop fields it applied before but no longer sets (unless someone else owns
// them), refuse to overwrite other managers' fields without force, and record ownership.
import { parse as parseYaml } from 'yaml';
import { StatusError, badRequest, invalid } from '../errors.js';
import type { KubeObject, ResourceInfo } from '../types.js';
import { compare, FieldSet, getAt, itemEl, pathString, removeAt, toFieldSet, type Path } from './fieldset.js';
import {
  apiVersionOf,
  decodeManagedFields,
  encodeManagedFields,
  findManager,
  managedTime,
  trackable,
  type Manager,
} from './managed-fields.js';
import { childSchema, schemaForKind, type SchemaNode } from './merge-keys.js';
import { clone, deepEqual, isObject, type JsonObject } from './util.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyOptions {
  fieldManager?: string;
  force?: boolean;
  now?: Date;
}

function parseApplied(body: string): JsonObject {
  let v: unknown;
  try {
    v = parseYaml(body);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isObject(v))
    throw badRequest(
      `error decoding YAML: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into an object`,
    );
  return v;
}

function checkApplied(
  info: ResourceInfo,
  applied: JsonObject,
  name: string,
  namespace: string | undefined,
  opts: ApplyOptions,
): void {
  if (!opts.fieldManager) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      { type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' },
    ]);
  }
  const version = apiVersionOf(info);
  if (applied.apiVersion !== version) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${applied.apiVersion ?? ''}, expected: ${version}`,
    );
  }
  if (applied.kind !== info.kind) {
    throw badRequest(
      `Incorrect kind specified in apply patch. Specified patch kind: ${applied.kind ?? ''}, expected: ${info.kind}`,
    );
  }
  const meta = isObject(applied.metadata) ? applied.metadata : {};
  if (meta.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
    );
  }
  if (
    info.namespaced &&
    meta.namespace !== undefined &&
    meta.namespace !== '' &&
    meta.namespace !== namespace
  ) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

/** Removes nulls (applying null means "absent"). */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = clean(x);
  return out;
}

/** Merges the applied value over the live one following list types and atomicity. */
function mergeApplied(live: unknown, applied: unknown, s: SchemaNode | undefined): unknown {
  if (isObject(applied) && isObject(live) && !s?.atomic) {
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k];
      else out[k] = mergeApplied(live[k], v, childSchema(s, k));
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live) && s?.list?.ssa === 'map') {
    const out = [...live];
    applied.forEach((item, i) => {
      const el = itemEl(item, i, s);
      const idx = out.findIndex((o, j) => itemEl(o, j, s) === el);
      if (idx >= 0) out[idx] = mergeApplied(out[idx], item, s.items);
      else out.push(clean(item));
    });
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live) && s?.list?.ssa === 'set') {
    const out = [...live];
    for (const item of applied) if (!out.some((o) => deepEqual(o, item))) out.push(item);
    return out;
  }
  return clean(applied);
}

function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

function conflictError(conflicts: { manager: Manager; path: Path }[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const k = printManager(c.manager);
      byManager.set(k, [...(byManager.get(k) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const k of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${k}:`, ...byManager.get(k)!.map((p) => `- ${p}`));
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}

/**
 * kubectl (manager "kubectl") may take over fields that client-side apply set, when they still
 * hold the values recorded in the last-applied annotation (upstream's lastAppliedManager).
 */
function forgivenByLastApplied(
  live: KubeObject | undefined,
  manager: string,
  c: { manager: Manager; path: Path },
  schema: SchemaNode,
): boolean {
  const raw = live?.metadata?.annotations?.[LAST_APPLIED];
  if (manager !== 'kubectl' || typeof raw !== 'string' || c.manager.operation !== 'Update') return false;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return false;
  }
  return (
    toFieldSet(last, schema).has(c.path) &&
    deepEqual(getAt(last, c.path, schema), getAt(live, c.path, schema))
  );
}

/** Upstream's lastAppliedUpdater: kubectl's SSA keeps an existing last-applied annotation current. */
function refreshLastApplied(obj: KubeObject, applied: JsonObject, manager: string): void {
  const ann = obj.metadata.annotations;
  if (manager !== 'kubectl' || !ann || !(LAST_APPLIED in ann)) return;
  const copy = clone(applied);
  if (isObject(copy.metadata) && isObject(copy.metadata.annotations)) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  ann[LAST_APPLIED] = JSON.stringify(copy);
}

/** Server-side apply of `body` onto `live` (undefined = create). Returns a new object. */
export function serverSideApply(
  info: ResourceInfo,
  live: KubeObject | undefined,
  body: string,
  name: string,
  namespace: string | undefined,
  opts: ApplyOptions,
): KubeObject {
  const applied = parseApplied(body);
  checkApplied(info, applied, name, namespace, opts);
  const manager = opts.fieldManager!;
  const schema = schemaForKind(info.kind);
  const ignoreStatus = info.subresources?.includes('status');

  const intent: JsonObject = { ...applied };
  if (ignoreStatus) delete intent.status;
  const base: JsonObject = live ? clone(live) : {};
  delete base.metadata?.managedFields;
  const merged = mergeApplied(base, intent, schema) as KubeObject;
  merged.metadata = isObject(merged.metadata) ? merged.metadata : {};

  const appliedSet = trackable(toFieldSet(intent, schema), info);
  const managers = decodeManagedFields(live?.metadata?.managedFields);
  const id = { manager, operation: 'Apply' as const, apiVersion: apiVersionOf(info) };
  const self = findManager(managers, id);
  const others = managers.filter((m) => m !== self);

  // Fields this manager applied last time but not now are removed, unless someone else holds them.
  const dropped = (self?.set ?? new FieldSet()).difference(appliedSet);
  for (const p of dropped.paths().sort((a, b) => a.length - b.length)) {
    if (appliedSet.hasPrefix(p) || others.some((m) => m.set.hasPrefix(p))) continue;
    removeAt(merged, p, schema);
  }

  const diff = compare(base, merged, schema);
  const changed = trackable(diff.added.union(diff.modified), info).intersection(appliedSet);
  const conflicts: { manager: Manager; path: Path }[] = [];
  for (const m of others)
    for (const p of m.set.intersection(changed).paths()) conflicts.push({ manager: m, path: p });
  const blocking = opts.force
    ? []
    : conflicts.filter((c) => !forgivenByLastApplied(live, manager, c, schema));
  if (blocking.length) throw conflictError(blocking);

  // Taking a field over (force, or forgiven) removes it from its previous owner.
  for (const c of conflicts) c.manager.set = c.manager.set.difference(setOf([c.path]));
  const removed = trackable(diff.removed, info);
  for (const m of others) m.set = m.set.difference(removed);

  const time = managedTime(opts.now ?? new Date());
  if (self) Object.assign(self, { set: appliedSet, time, apiVersion: id.apiVersion });
  else managers.push({ ...id, time, set: appliedSet });

  refreshLastApplied(merged, applied, manager);
  const encoded = encodeManagedFields(managers);
  if (encoded.length) merged.metadata.managedFields = encoded;
  return merged;
}

function setOf(paths: Path[]): FieldSet {
  const s = new FieldSet();
  for (const p of paths) s.insert(p);
  return s;
}

/** SSA on a missing object: the applied configuration becomes the object (server then defaults and validates). */
export function createFromApply(
  info: ResourceInfo,
  body: string,
  name: string,
  namespace: string | undefined,
  opts: { fieldManager: string; force?: boolean; now?: Date },
): KubeObject {
  const obj = serverSideApply(info, undefined, body, name, namespace, opts);
  const meta = obj.metadata;
  for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'])
    delete meta[f];
  meta.name = name;
  if (info.namespaced && namespace) meta.namespace = namespace;
  return obj;
}
