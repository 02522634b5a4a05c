// ObjectMeta checks (apimachinery/pkg/api/validation/objectmeta.go + meta/v1/validation).
import type { FieldError, ObjectMeta } from '../types.js';
import { forbidden, invalid, isObj, required, tooLong } from './errs.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './names.js';

/** A name validator; `prefix` is true for generateName, where a trailing '-' is fine. */
export type NameFn = (name: string, prefix: boolean) => string[];

// generateName may end in '-' because a random suffix follows it.
const masked =
  (fn: (s: string) => string[]): NameFn =>
  (name, prefix) =>
    fn(prefix && name.endsWith('-') ? name.slice(0, -1) + 'a' : name);

export const nameIsDNSSubdomain: NameFn = masked(isDNS1123Subdomain);
export const nameIsDNSLabel: NameFn = masked(isDNS1123Label);
export const nameIsDNS1035Label: NameFn = masked(isDNS1035Label);

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (labels === undefined || labels === null) return errs;
  if (!isObj(labels)) return [invalid(path, labels, 'must be a map of string to string')];
  for (const [k, v] of Object.entries(labels)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') {
      errs.push(invalid(path, v, 'must be a string'));
      continue;
    }
    for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (annotations === undefined || annotations === null) return errs;
  if (!isObj(annotations)) return [invalid(path, annotations, 'must be a map of string to string')];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v ?? ''));
  }
  if (total > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE));
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let controllers = 0;
  for (const r of refs) {
    if (!isObj(r)) continue;
    const av = String(r.apiVersion ?? '');
    const version = av.includes('/') ? av.split('/')[1] : av;
    if (!version) errs.push(invalid(`${path}.apiVersion`, av, 'version must not be empty'));
    if (!r.kind) errs.push(invalid(`${path}.kind`, r.kind ?? '', 'must not be empty'));
    if (!r.name) errs.push(invalid(`${path}.name`, r.name ?? '', 'must not be empty'));
    if (!r.uid) errs.push(invalid(`${path}.uid`, r.uid ?? '', 'must not be empty'));
    if (r.controller === true) controllers++;
  }
  if (controllers > 1)
    errs.push(invalid(path, refs.length, 'Only one reference can have Controller set to true'));
  return errs;
}

export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameFn;
  path?: string;
}

export function validateObjectMeta(meta: ObjectMeta | undefined, opts: MetaOptions): FieldError[] {
  const p = opts.path ?? 'metadata';
  const errs: FieldError[] = [];
  const m: ObjectMeta = isObj(meta) ? meta : {};
  if (m.generateName)
    for (const msg of opts.nameFn(m.generateName, true))
      errs.push(invalid(`${p}.generateName`, m.generateName, msg));
  if (!m.name) {
    if (!m.generateName) errs.push(required(`${p}.name`, 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(m.name, false)) errs.push(invalid(`${p}.name`, m.name, msg));
  }
  if (opts.namespaced) {
    if (!m.namespace) errs.push(required(`${p}.namespace`));
    else
      for (const msg of isDNS1123Label(m.namespace)) errs.push(invalid(`${p}.namespace`, m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(`${p}.namespace`, 'not allowed on this type'));
  }
  if (typeof m.generation === 'number' && m.generation < 0)
    errs.push(invalid(`${p}.generation`, m.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, `${p}.labels`));
  errs.push(...validateAnnotations(m.annotations, `${p}.annotations`));
  errs.push(...validateOwnerReferences(m.ownerReferences, `${p}.ownerReferences`));
  if (Array.isArray(m.finalizers))
    for (const f of m.finalizers)
      for (const msg of isQualifiedName(String(f))) errs.push(invalid(`${p}.finalizers`, f, msg));
  return errs;
}

/** ValidateObjectMetaUpdate: identity fields may not change. */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  const n = meta ?? {};
  const o = old ?? {};
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if (o[f] !== undefined && n[f] !== undefined && n[f] !== o[f])
      errs.push(invalid(`${path}.${f}`, n[f], 'field is immutable'));
  }
  return errs;
}

/** Validates an object's metadata for create: upstream name rules per kind. */
export function metaForCreate(
  obj: { metadata: ObjectMeta },
  namespaced: boolean,
  nameFn: NameFn = nameIsDNSSubdomain,
): FieldError[] {
  return validateObjectMeta(obj.metadata, { namespaced, nameFn });
}
