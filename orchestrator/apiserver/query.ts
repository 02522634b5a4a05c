// Query-parameter parsing shared by every endpoint, following apimachinery's conversion rules.

/**
 * A boolean query parameter as upstream converts it (runtime Convert_Slice_string_To_bool):
 * absent → false; "0" or "false" in any letter case → false; any other value, even an empty
 * one (`?watch=`, `?watch=True`, `?watch=yes`) → true. Only the first value counts.
 */
export function queryBool(q: URLSearchParams, key: string): boolean {
  const v = q.get(key);
  if (v === null) return false;
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** Like queryBool, but undefined when the parameter is absent (upstream's *bool fields). */
export function queryOptionalBool(q: URLSearchParams, key: string): boolean | undefined {
  return q.has(key) ? queryBool(q, key) : undefined;
}
