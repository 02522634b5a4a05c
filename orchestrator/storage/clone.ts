// Deep copy of plain JSON data. Stored objects only ever hold JSON values (they were
// parsed from their own serialisation), so a tight recursive copy is enough and is
// several times faster than structuredClone or a JSON round trip for list responses.

export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = cloneJson(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v as Record<string, unknown>) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
}
