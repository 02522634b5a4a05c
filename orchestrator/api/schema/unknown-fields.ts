// Strict field validation: lists the fields of an object that its schema does not know, with
// upstream's JSON paths (spec.template.spec.containers[0].imagee), in input order.
import { components, REF_PREFIX, type Schema } from './build.js';

function resolve(s: Schema | undefined, all: Record<string, Schema>): Schema | undefined {
  for (let i = 0; s && i < 8; i++) {
    const ref: string | undefined =
      s.$ref ?? (Array.isArray(s.allOf) && s.allOf.length === 1 ? s.allOf[0].$ref : undefined);
    if (!ref) return s;
    s = all[ref.slice(REF_PREFIX.length)];
  }
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(
  schema: Schema | undefined,
  value: unknown,
  path: string,
  all: Record<string, Schema>,
  out: string[],
): void {
  const s = resolve(schema, all);
  // No schema, free-form (RawExtension, FieldsV1) or scalar wrappers: anything goes.
  if (!s || s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (s.type === 'array' && s.items) value.forEach((v, i) => walk(s.items, v, `${path}[${i}]`, all, out));
    return;
  }
  if (!isPlainObject(value) || s.type !== 'object') return;
  if (s.properties) {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in s.properties)) out.push(p);
      else walk(s.properties[k], v, p, all, out);
    }
  } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(value))
      walk(s.additionalProperties, v, path ? `${path}.${k}` : k, all, out);
  }
}

/** Unknown field paths of `obj` against the component schema `name` (empty when none, or no schema). */
export function unknownFieldsFor(name: string, obj: unknown): string[] {
  const all = components().schemas;
  const out: string[] = [];
  if (all[name]) walk(all[name], obj, '', all, out);
  return out;
}
