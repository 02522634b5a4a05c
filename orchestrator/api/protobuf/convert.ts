// Converts a decoded Kubernetes proto message to the JSON kubectl would have sent: wrapper types
// become their JSON forms, inline (embedded) members are flattened into their parent and unset
// (zero) scalars are dropped like Go's omitempty.
import type protobuf from 'protobufjs';
import { inlineFields, isListWrapper } from './inline.js';
import { isPointerField } from './pointers.js';

export const INTSTR = '.k8s.io.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = '.k8s.io.apimachinery.pkg.api.resource.Quantity';
export const TIME = '.k8s.io.apimachinery.pkg.apis.meta.v1.Time';
export const MICROTIME = '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime';
export const DURATION = '.k8s.io.apimachinery.pkg.apis.meta.v1.Duration';
export const FIELDSV1 = '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1';
export const RAWEXT = '.k8s.io.apimachinery.pkg.runtime.RawExtension';

export type Plain = Record<string, any>;

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v));
}

/** Go's RFC3339 (seconds) / RFC3339Micro formatting in UTC. */
function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** Go time.Duration.String() for metav1.Duration. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e3) out = `${n}ns`;
  else if (n < 1e6) out = `${trim(n / 1e3)}µs`;
  else if (n < 1e9) out = `${trim(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3.6e12);
    n -= h * 3.6e12;
    const m = Math.floor(n / 6e10);
    n -= m * 6e10;
    const s = `${trim(n / 1e9)}s`;
    out = h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s;
  }
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

function jsonFromBase64(b64: string | undefined): unknown {
  if (!b64) return null;
  const text = Buffer.from(b64, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Special wrapper messages → JSON scalar; undefined when `fullName` is an ordinary message. */
function special(fullName: string, v: Plain): { value: unknown } | undefined {
  switch (fullName) {
    case INTSTR:
      return { value: num(v.type ?? 0) === 1 ? (v.strVal ?? '') : num(v.intVal ?? 0) };
    case QUANTITY:
      return { value: v.string ?? '0' };
    case TIME:
    case MICROTIME: {
      const s = num(v.seconds ?? 0);
      const n = num(v.nanos ?? 0);
      // Go marshals a zero Time as an empty message; JSON has null.
      return { value: s === 0 && n === 0 ? null : rfc3339(s, n, fullName === MICROTIME) };
    }
    case DURATION:
      return { value: goDuration(num(v.duration ?? 0)) };
    case FIELDSV1:
      return { value: jsonFromBase64(v.Raw ?? v.raw) };
    case RAWEXT:
      return { value: jsonFromBase64(v.raw) };
  }
  return undefined;
}

function isZero(v: unknown): boolean {
  return v === '' || v === false || v === 0;
}

function scalar(v: unknown): unknown {
  if (v !== null && typeof v === 'object') return num(v); // Long
  return v;
}

/** `obj` is Type.toObject output (longs as numbers or Long, bytes as base64). */
export function toKubeJson(type: protobuf.Type, obj: Plain): unknown {
  const sp = special(type.fullName, obj);
  if (sp) return sp.value;
  if (isListWrapper(type)) return ((obj.items ?? []) as unknown[]).map(scalar);
  const out: Plain = {};
  const inline = inlineFields(type);
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    field.resolve();
    const sub = field.resolvedType as protobuf.Type | null;
    if (field.map) {
      const m: Plain = {};
      for (const [k, x] of Object.entries(v as Plain))
        m[k] = sub && 'fieldsArray' in sub ? toKubeJson(sub, x) : scalar(x);
      if (Object.keys(m).length) out[field.name] = m;
    } else if (field.repeated) {
      const arr = (v as unknown[]).map((x) =>
        sub && 'fieldsArray' in sub ? toKubeJson(sub, x as Plain) : scalar(x),
      );
      if (arr.length) out[field.name] = arr;
    } else if (sub && 'fieldsArray' in sub && inline.has(field.name)) {
      // Embedded with json:",inline": its members belong to this object.
      Object.assign(out, toKubeJson(sub, v as Plain));
    } else if (sub && 'fieldsArray' in sub) {
      out[field.name] = toKubeJson(sub, v as Plain);
    } else {
      const x = scalar(v);
      if (isZero(x) && !isPointerField(type.fullName, field.name)) continue;
      out[field.name] = x;
    }
  }
  return out;
}
