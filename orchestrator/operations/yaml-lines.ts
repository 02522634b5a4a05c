// Finds where a field of a manifest sits in the submitted text, so server errors pin to a line.
import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';

/** "spec.template.spec.containers[0].image" → ['spec','template','spec','containers',0,'image']. */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[1]);
  }
  return out;
}

/**
 * The offset of the deepest node along `path` that exists in the document (the key itself when
 * the last step is a map key, so "replicas: -1" points at its own line).
 */
export function fieldOffset(doc: Document, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = doc.contents?.range?.[0];
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as any)?.value ?? p.key) === String(step));
      if (!pair) break;
      offset = (pair.key as Node | undefined)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

export function lineOf(counter: LineCounter, offset: number | undefined): { line: number; column: number } {
  if (offset === undefined) return { line: 1, column: 1 };
  const p = counter.linePos(offset);
  return { line: p.line, column: p.col };
}
