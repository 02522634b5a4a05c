// The server-side Table cells of each object the store holds (the cells `kubectl get` prints),
// keyed by the frozen object itself: a new version of an object is a new key with its own cells.
import type { KObject, TableCells, TableColumn } from '@kubedeck/contract';

/** One object's cells by column name ("Status", "Ready", "Restarts", "Age", …). */
export type TableRowCells = Readonly<Record<string, unknown>>;

const rows = new WeakMap<object, TableRowCells>();

export function setRow(obj: KObject, columns: readonly TableColumn[], cells: TableCells | undefined): void {
  if (!cells) return;
  const row: Record<string, unknown> = {};
  columns.forEach((c, i) => (row[c.name] = cells[i]));
  rows.set(obj, Object.freeze(row));
}

export function rowOf(obj: KObject): TableRowCells | undefined {
  return rows.get(obj);
}

/** A cell as text, '' when the object has no row or the column no cell. */
export function cellText(obj: KObject, column: string): string {
  const v = rows.get(obj)?.[column];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
