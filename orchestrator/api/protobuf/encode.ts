// JSON → Kubernetes protobuf, the inverse of convert.ts: wrapper types go back to their messages and
// the members of inline (embedded) fields are gathered from the parent object into their field.
// Used to build protobuf bodies (tests, and protobuf responses should we serve them).
import protobuf from 'protobufjs';
import type { KubeObject } from '../types.js';
import { DURATION, FIELDSV1, INTSTR, MICROTIME, QUANTITY, RAWEXT, TIME, type Plain } from './convert.js';
import { lookupType, messageFor } from './descriptors.js';
import { inlineFields, isListWrapper } from './inline.js';
import { PROTOBUF_MAGIC } from './index.js';

const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** Go time.ParseDuration for metav1.Duration ("1h2m3.5s") → nanoseconds. */
export function parseGoDurationNs(s: string): number {
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  if (body === '0') return 0;
  let ns = 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(body))) {
    ns += Number(m[1]) * UNITS[m[2]];
    end = re.lastIndex;
  }
  if (!body || end !== body.length) throw new Error(`time: invalid duration "${s}"`);
  return Math.round(neg ? -ns : ns);
}

function timeMessage(v: unknown): Plain {
  if (typeof v !== 'string' || v === '') return {};
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new Error(`parsing time "${v}": not RFC 3339`);
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  return { seconds: Math.floor(ms / 1000), nanos: Number(frac.padEnd(9, '0').slice(0, 9)) };
}

function jsonBytes(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64');
}

/** Wrapper types: JSON scalar → message fields; undefined for ordinary messages. */
function special(fullName: string, v: unknown): Plain | undefined {
  switch (fullName) {
    case INTSTR:
      return typeof v === 'string' ? { type: 1, strVal: v } : { type: 0, intVal: Number(v) };
    case QUANTITY:
      return { string: String(v) };
    case TIME:
    case MICROTIME:
      return timeMessage(v);
    case DURATION:
      return { duration: parseGoDurationNs(String(v)) };
    case FIELDSV1:
      return { Raw: jsonBytes(v) };
    case RAWEXT:
      return { raw: jsonBytes(v) };
  }
  return undefined;
}

function value(field: protobuf.Field, v: unknown): unknown {
  field.resolve();
  const sub = field.resolvedType;
  return sub instanceof protobuf.Type ? fromKubeJson(sub, v) : v;
}

/** A Kubernetes JSON value of message `type` → a plain object for `type.fromObject`. */
export function fromKubeJson(type: protobuf.Type, json: unknown): Plain {
  const sp = special(type.fullName, json);
  if (sp) return sp;
  if (isListWrapper(type)) return { items: json };
  const obj = (json ?? {}) as Plain;
  const inline = inlineFields(type);
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    if (inline.has(field.name)) {
      // The embedded message is built from the parent's members (its own fields pick theirs).
      field.resolve();
      const inner = fromKubeJson(field.resolvedType as protobuf.Type, obj);
      if (Object.keys(inner).length) out[field.name] = inner;
      continue;
    }
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    if (field.map) {
      out[field.name] = Object.fromEntries(Object.entries(v as Plain).map(([k, x]) => [k, value(field, x)]));
    } else if (field.repeated) {
      out[field.name] = (v as unknown[]).map((x) => value(field, x));
    } else {
      out[field.name] = value(field, v);
    }
  }
  return out;
}

/** Encodes a Kubernetes object as a protobuf body: 'k8s\0' + runtime.Unknown{typeMeta, raw}. */
export function encodeKubeProtobuf(obj: KubeObject): Buffer {
  const type = messageFor(obj.apiVersion ?? '', obj.kind ?? '');
  if (!type) throw new Error(`no protobuf message for ${obj.apiVersion} ${obj.kind}`);
  const raw = type.encode(type.fromObject(fromKubeJson(type, obj))).finish();
  const Unknown = lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  const body = Unknown.encode(
    Unknown.fromObject({
      typeMeta: { apiVersion: obj.apiVersion, kind: obj.kind },
      raw,
      contentEncoding: '',
      contentType: '',
    }),
  ).finish();
  return Buffer.concat([PROTOBUF_MAGIC, body]);
}
