// Small JSON helpers shared by the patch mechanisms.
import { StatusError, badRequest } from '../errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: any };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Parses a JSON body, failing the way Go's encoding/json words it (400 BadRequest). */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(goJsonMessage(body, e as Error));
  }
}

/** Best-effort translation of a V8 JSON.parse failure into Go's encoding/json wording. */
export function goJsonMessage(body: string, e: Error): string {
  if (body.trim() === '') return 'unexpected end of JSON input';
  const pos = /position (\d+)/.exec(e.message);
  if (pos) {
    const ch = body[Number(pos[1])];
    if (ch !== undefined) return `invalid character '${ch}' looking for beginning of value`;
  }
  if (/end of (JSON )?input/i.test(e.message)) return 'unexpected end of JSON input';
  const tok = /Unexpected token '?(.)'?/.exec(e.message);
  if (tok) return `invalid character '${tok[1]}' looking for beginning of value`;
  return e.message;
}

/** Go's type name for a decoded JSON value, for "cannot unmarshal X into …" messages. */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** 422 with upstream's NewGenericServerResponse shape (used for JSON patch application failures). */
export function unprocessable(serverMessage: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }],
  });
}

/** 422 Invalid on field "patch", like upstream when the patched document no longer decodes. */
export function invalidPatchResult(value: string, detail: string): StatusError {
  const text = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new StatusError(422, 'Invalid', ` "" is invalid: patch: ${text}`, {
    causes: [{ reason: 'FieldValueInvalid', message: text, field: 'patch' }],
  });
}
