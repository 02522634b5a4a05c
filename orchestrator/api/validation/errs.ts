// Builders mirroring apimachinery's field.Required/Invalid/… so validators read like upstream.
import type { FieldError } from '../types.js';
import { RenderedValue } from '../errors.js';

export const required = (field: string, detail = ''): FieldError =>
  detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  value: value === undefined || value === null ? 'null' : value,
  detail,
});
export const notSupported = (field: string, value: unknown, allowed: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  allowed,
});
export const duplicate = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  value,
});
export const forbidden = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  detail,
});
export const notFound = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueNotFound',
  field,
  value,
});
export const tooLong = (field: string, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `must have at most ${max} bytes`,
});
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field,
  value: actual,
  detail: `must have at most ${max} items`,
});

/** Go's %#v of a map[string]string: keys sorted, `map[string]string{"a":"b", "c":"d"}`. */
export function goStringMap(m: Record<string, string> | undefined | null): RenderedValue {
  if (!m) return new RenderedValue('map[string]string(nil)');
  const body = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
    .join(', ');
  return new RenderedValue(`map[string]string{${body}}`);
}

/** An IntOrString reaches field.Error as a struct without String(): Go prints it with %#v. */
export function intOrStringValue(v: unknown): RenderedValue {
  if (typeof v === 'string')
    return new RenderedValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
  return new RenderedValue(`intstr.IntOrString{Type:0, IntVal:${Number(v ?? 0)}, StrVal:""}`);
}

/** Go's %#v of a []string. */
export function goStringSlice(a: string[] | undefined): RenderedValue {
  if (!a) return new RenderedValue('[]string(nil)');
  return new RenderedValue(`[]string{${a.map((s) => JSON.stringify(s)).join(', ')}}`);
}

export const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
