// Refuses values of the wrong type on every write path, worded as upstream's decoders word them:
// - create/update bodies (JSON, YAML, protobuf): typed JSON decoding → 400 BadRequest
//   `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string
//   into Go struct field DeploymentSpec.spec.replicas of type int32`;
// - JSON and merge patches: the patched document fails to decode → 422 on field "patch";
// - strategic merge patches: the unstructured converter fails → 422 on field "patch";
// - server-side apply: structured-merge-diff refuses the applied configuration → 500
//   `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.replicas: expected
//   numeric (int or float), got string`.
import { parse as parseYaml } from 'yaml';
import { badRequest, StatusError } from '../errors.js';
import { invalidPatchResult } from '../patch/util.js';
import { findTypeMismatches, type TypeMismatch } from '../schema/index.js';
import type { KubeObject, ResourceInfo } from '../types.js';
import { QUANTITY_REGEX_TEXT } from './quantity.js';

type Info = Pick<ResourceInfo, 'group' | 'version' | 'kind'>;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The reflect type of a decoded JSON value in Go (json numbers decode to int64 when integral). */
function goValueType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** The reflect kind of the same ('map', 'slice', …) as the unstructured converter names it. */
function goValueKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (isObj(v)) return 'map';
  return goValueType(v);
}

/** Go's %v / %+v of an unstructured value: `map[a:1 b:[x y]]`. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isObj(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goFormat(v[k])}`)
      .join(' ')}]`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** encoding/json's word for the offending JSON value: "string", "number 1.5", "object", … */
function jsonWord(m: TypeMismatch): string {
  const v = m.value;
  if (typeof v === 'number') {
    const intTarget =
      m.expected.kind === 'int' || (m.expected.kind === 'custom' && m.expected.type === 'intOrString');
    return intTarget ? `number ${JSON.stringify(v)}` : 'number';
  }
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'string' ? 'string' : 'object';
}

/** The JSON decoding error text (also what custom UnmarshalJSON types say on every path). */
export function jsonDecodeError(m: TypeMismatch): string {
  if (m.expected.kind === 'base64') return `illegal base64 data at input byte ${m.expected.offset}`;
  if (m.expected.kind === 'custom') {
    if (m.expected.type === 'quantity')
      return `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;
    // IntOrString and Time unmarshal through encoding/json into an int32 / a string: no field context.
    const into = m.expected.type === 'intOrString' ? 'int32' : 'string';
    return `json: cannot unmarshal ${jsonWord(m)} into Go value of type ${into}`;
  }
  return `json: cannot unmarshal ${jsonWord(m)} into Go struct field ${m.goStruct}.${m.goFields.join('.')} of type ${m.goType}`;
}

/** runtime.DefaultUnstructuredConverter's error (strategic merge patch results). */
export function unstructuredError(m: TypeMismatch): string {
  const e = m.expected;
  const v = m.value;
  switch (e.kind) {
    case 'custom':
      return jsonDecodeError(m);
    case 'base64':
      return `error decoding from json: ${jsonDecodeError(m)}`;
    case 'struct':
      return `cannot restore struct from: ${goValueKind(v)}`;
    case 'slice':
    case 'bytes':
      return `cannot restore slice from ${goValueKind(v)}`;
    case 'map':
      return `cannot restore map from ${goValueKind(v)}`;
  }
  // Scalars: reflect allows numeric↔numeric and int→string conversions; JSON forbids them here.
  const src = goValueType(v);
  const numeric = src === 'int64' || src === 'float64';
  const convertible =
    (numeric && (e.kind === 'int' || e.kind === 'float')) || (src === 'int64' && e.kind === 'string');
  return convertible ? `cannot convert ${src} to ${m.goType}` : `unrecognized type: ${m.goType}`;
}

/** structured-merge-diff's path: `.spec.template.spec.containers[name="app"].image`. */
function smdPath(m: TypeMismatch, root: unknown): string {
  let out = '';
  let cur: unknown = root;
  m.path.forEach((seg, i) => {
    const item =
      isObj(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'number') {
      const key = m.listKeys[i];
      const kv = key && isObj(item) ? item[key] : undefined;
      out += kv !== undefined && kv !== null ? `[${key}=${JSON.stringify(kv)}]` : `[${seg}]`;
    } else out += `.${seg}`;
    cur = item;
  });
  return out;
}

/** structured-merge-diff's validation message for a mismatch. */
function smdError(m: TypeMismatch): string {
  const v = m.value;
  switch (m.expected.kind) {
    case 'int':
    case 'float':
      return `expected numeric (int or float), got ${goValueType(v)}`;
    case 'string':
    case 'bytes':
      return `expected string, got &value.valueUnstructured{Value:${typeof v === 'object' ? goFormat(v) : JSON.stringify(v)}}`;
    case 'bool':
      return `expected boolean, got &{${goFormat(v)}}`;
    case 'struct':
    case 'map':
      return `expected map, got &{${goFormat(v)}}`;
    case 'slice':
      return `expected list, got &{${goFormat(v)}}`;
    case 'custom':
    case 'base64':
      return `expected any scalar, got &{${goFormat(v)}}`;
  }
}

/** create and update bodies (JSON, YAML or protobuf): 400 like a failed typed decode. */
export function checkBodyTypes(info: Info, obj: KubeObject): void {
  const [m] = findTypeMismatches(info, obj);
  if (!m) return;
  throw badRequest(
    `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${jsonDecodeError(m)}`,
  );
}

/** JSON, merge and strategic merge patch results: 422 on field "patch". */
export function checkPatchedTypes(info: Info, patchType: string, body: string, patched: KubeObject): void {
  const [m] = findTypeMismatches(info, patched);
  if (!m) return;
  if (patchType === 'application/strategic-merge-patch+json') {
    let patch: unknown = body;
    try {
      patch = JSON.parse(body);
    } catch {
      // the patch was applied, so it parsed; keep the raw text just in case
    }
    throw invalidPatchResult(goFormat(patch), unstructuredError(m));
  }
  throw invalidPatchResult(JSON.stringify(patched), jsonDecodeError(m));
}

/** Server-side apply: the applied configuration must fit the schema, else 500 as upstream's field manager. */
export function checkAppliedTypes(info: Info, namespace: string, name: string, body: string): void {
  let applied: unknown;
  try {
    applied = parseYaml(body, { maxAliasCount: 100 });
  } catch {
    return; // the apply itself reports undecodable bodies
  }
  if (!isObj(applied)) return;
  const found = findTypeMismatches(info, applied, 20);
  if (!found.length) return;
  // Scalars of the wrong kind in Quantity/IntOrString/Time, and bad base64, pass the typed patch
  // and fail the conversion to the Go type.
  const smd = found.filter(
    (m) => (m.expected.kind !== 'custom' && m.expected.kind !== 'base64') || typeof m.value === 'object',
  );
  const gvk = `${info.group}/${info.version}, Kind=${info.kind}`;
  if (!smd.length) {
    throw new StatusError(
      500,
      '',
      `failed to convert new object (${namespace}/${name}; ${gvk}) to proper version: ${jsonDecodeError(found[0])}`,
    );
  }
  const errs = smd.map((m) => `${smdPath(m, applied)}: ${smdError(m)}`);
  const text = errs.length === 1 ? errs[0] : `errors:\n  ${errs.join('\n  ')}`;
  throw new StatusError(
    500,
    '',
    `failed to create typed patch object (${namespace}/${name}; ${gvk}): ${text}`,
  );
}
