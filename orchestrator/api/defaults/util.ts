// Small helpers for "set if absent" defaulting on plain JSON objects.
export const isObj = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets obj[key] = value when the key is absent or null (Go: pointer field is nil). */
export function def(obj: Record<string, any>, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Sets obj[key] = value when absent or the empty string (Go: string field is ""). */
export function defStr(obj: Record<string, any>, key: string, value: string): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

export function each(list: unknown, fn: (item: Record<string, any>) => void): void {
  if (Array.isArray(list)) for (const x of list) if (isObj(x)) fn(x);
}

/** Returns obj[key] as an object, creating it when missing. */
export function child(obj: Record<string, any>, key: string): Record<string, any> {
  if (!isObj(obj[key])) obj[key] = {};
  return obj[key];
}
