// Type checking against the component schemas: finds values whose JSON type does not fit the field
// (replicas: "three", labels: [..], containers: {..}), the way upstream's typed decoding refuses
// them. Schema-driven, so it serves any kind with a component schema (custom kinds later).
// Reports what each write path needs to word its error like upstream; wording lives with callers.
import { components, REF_PREFIX, type Schema } from './build.js';

const INTSTR = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** resource.ParseQuantity's format check; a Quantity string failing it does not decode. */
const QUANTITY_FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** What the field holds, as the Go decoders see it. */
export type Expected =
  | { kind: 'int'; bits: 32 | 64 }
  | { kind: 'float' }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'bytes' }
  | { kind: 'struct' }
  | { kind: 'slice' }
  | { kind: 'map' }
  /** Types with their own JSON unmarshalling (Quantity, IntOrString, Time). */
  | { kind: 'custom'; type: 'quantity' | 'intOrString' | 'time' }
  /** A string for []byte that is not standard base64; offset as Go's CorruptInputError reports it. */
  | { kind: 'base64'; offset: number };

export interface TypeMismatch {
  /** JSON path segments, with list indices and map keys. */
  path: (string | number)[];
  /** Schema of each list along `path` (merge key), for paths that name items by key. */
  listKeys: (string | undefined)[];
  /** Go struct holding the field ('DeploymentSpec') and the field names from the root (no indices). */
  goStruct: string;
  goFields: string[];
  /** Go type of the field ('int32', '[]v1.Container', 'map[string]string', 'v1.DeploymentSpec'). */
  goType: string;
  expected: Expected;
  value: unknown;
}

interface Ctx {
  all: Record<string, Schema>;
  path: (string | number)[];
  listKeys: (string | undefined)[];
  goStruct: string;
  goFields: string[];
  out: TypeMismatch[];
  max: number;
}

function resolve(s: Schema | undefined, all: Record<string, Schema>): { s?: Schema; ref?: string } {
  let ref: string | undefined;
  for (let i = 0; s && i < 8; i++) {
    const r: string | undefined =
      s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
    if (!r) break;
    ref = r.slice(REF_PREFIX.length);
    s = all[ref];
  }
  return { s, ref };
}

/** 'io.k8s.api.apps.v1.DeploymentSpec' → 'DeploymentSpec'. */
const simpleName = (component: string) => component.slice(component.lastIndexOf('.') + 1);
/** Go prints named types with their package: 'io.k8s.api.apps.v1.DeploymentSpec' → 'v1.DeploymentSpec'. */
const goNamed = (component: string) => component.split('.').slice(-2).join('.');

function customOf(ref: string | undefined): Expected | undefined {
  if (ref === QUANTITY) return { kind: 'custom', type: 'quantity' };
  if (ref === INTSTR) return { kind: 'custom', type: 'intOrString' };
  if (ref === `${META}.Time` || ref === `${META}.MicroTime`) return { kind: 'custom', type: 'time' };
  return undefined;
}

/** The Go type name of a schema, as encoding/json prints it in UnmarshalTypeError. */
export function goTypeName(schema: Schema | undefined, all = components().schemas): string {
  const { s, ref } = resolve(schema, all);
  if (ref === QUANTITY) return 'resource.Quantity';
  if (ref === INTSTR) return 'intstr.IntOrString';
  if (!s) return 'interface {}';
  switch (s.type) {
    case 'string':
      return s.format === 'byte' ? '[]uint8' : ref ? goNamed(ref) : 'string';
    case 'integer':
      return s.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${goTypeName(s.items, all)}`;
  }
  if (ref && s.properties) return goNamed(ref);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map[string]${goTypeName(s.additionalProperties, all)}`;
  return ref ? goNamed(ref) : 'map[string]interface {}';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function report(ctx: Ctx, schema: Schema, expected: Expected, value: unknown): void {
  ctx.out.push({
    path: [...ctx.path],
    listKeys: [...ctx.listKeys],
    goStruct: ctx.goStruct,
    goFields: [...ctx.goFields],
    goType: goTypeName(schema, ctx.all),
    expected,
    value,
  });
}

function fitsInt(v: number, bits: 32 | 64): boolean {
  if (!Number.isInteger(v)) return false;
  return bits === 32 ? v >= -2147483648 && v <= 2147483647 : Number.isSafeInteger(v) || Math.abs(v) < 2 ** 63;
}

function walk(schema: Schema | undefined, value: unknown, ctx: Ctx): void {
  if (value === null || value === undefined || ctx.out.length >= ctx.max) return;
  const { s, ref } = resolve(schema, ctx.all);
  if (!s || s['x-kubernetes-preserve-unknown-fields']) return;
  const custom = customOf(ref);
  if (custom?.kind === 'custom') {
    const t = custom.type;
    const ok =
      t === 'time'
        ? typeof value === 'string'
        : t === 'intOrString'
          ? typeof value === 'string' || (typeof value === 'number' && fitsInt(value, 32))
          : typeof value === 'number' || (typeof value === 'string' && QUANTITY_FORMAT.test(value.trim()));
    if (!ok) report(ctx, schema!, custom, value);
    return;
  }
  switch (s.type) {
    case 'string': {
      if (typeof value !== 'string')
        return report(ctx, schema!, s.format === 'byte' ? { kind: 'bytes' } : { kind: 'string' }, value);
      const offset = s.format === 'byte' ? base64ErrorOffset(value) : undefined;
      if (offset !== undefined) report(ctx, schema!, { kind: 'base64', offset }, value);
      return;
    }
    case 'integer': {
      const bits = s.format === 'int32' ? 32 : 64;
      if (typeof value !== 'number' || !fitsInt(value, bits))
        report(ctx, schema!, { kind: 'int', bits }, value);
      return;
    }
    case 'number':
      if (typeof value !== 'number') report(ctx, schema!, { kind: 'float' }, value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') report(ctx, schema!, { kind: 'bool' }, value);
      return;
    case 'array': {
      if (!Array.isArray(value)) return report(ctx, schema!, { kind: 'slice' }, value);
      const key: string | undefined = (schema as Schema)['x-kubernetes-patch-merge-key'];
      value.forEach((item, i) => {
        ctx.path.push(i);
        ctx.listKeys.push(key);
        walk(s.items, item, ctx);
        ctx.path.pop();
        ctx.listKeys.pop();
      });
      return;
    }
  }
  if (s.type !== 'object') return;
  if (s.properties) {
    if (!isPlainObject(value)) return report(ctx, schema!, { kind: 'struct' }, value);
    const struct = ctx.goStruct;
    for (const [k, v] of Object.entries(value)) {
      const prop = (s.properties as Record<string, Schema>)[k];
      if (!prop) continue; // unknown fields are strict validation's business
      ctx.goStruct = ref ? simpleName(ref) : struct;
      ctx.path.push(k);
      ctx.listKeys.push(undefined);
      ctx.goFields.push(k);
      walk(prop, v, ctx);
      ctx.path.pop();
      ctx.listKeys.pop();
      ctx.goFields.pop();
      ctx.goStruct = struct;
    }
    return;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    if (!isPlainObject(value)) return report(ctx, schema!, { kind: 'map' }, value);
    for (const [k, v] of Object.entries(value)) {
      ctx.path.push(k);
      ctx.listKeys.push(undefined);
      walk(s.additionalProperties, v, ctx);
      ctx.path.pop();
      ctx.listKeys.pop();
    }
  }
}

const B64 = /[A-Za-z0-9+/]/;
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';

/**
 * Where Go's base64.StdEncoding.DecodeString fails on `s` (the byte offset its CorruptInputError
 * names), or undefined when it decodes. Newlines are skipped; padding must complete a quantum.
 */
export function base64ErrorOffset(s: string): number | undefined {
  let si = 0;
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === s.length) return j === 0 ? undefined : si - j;
      const c = s[si++];
      if (B64.test(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=' || j < 2) return si - 1;
      if (j === 2) {
        while (si < s.length && isNewline(s[si])) si++;
        if (si === s.length) return s.length;
        if (s[si] !== '=') return si - 1;
        si++;
      }
      while (si < s.length && isNewline(s[si])) si++;
      return si < s.length ? si : undefined;
    }
  }
}

/**
 * Values of `obj` whose type does not fit component `name`, in document order (at most `max`).
 * apiVersion/kind/metadata shape are checked by the registry before this runs.
 */
export function typeMismatchesFor(name: string, obj: unknown, max = 1): TypeMismatch[] {
  const all = components().schemas;
  if (!all[name]) return [];
  const ctx: Ctx = { all, path: [], listKeys: [], goStruct: simpleName(name), goFields: [], out: [], max };
  walk({ $ref: REF_PREFIX + name }, obj, ctx);
  return ctx.out;
}
