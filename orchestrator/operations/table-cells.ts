// The cells `kubectl get` prints for a UI kind, from the same server-side printers the API's
// Table output uses (api/tables), so the UI's lists and kubectl agree by construction.
import { toTable } from '../api/tables/index.js';
import type { KubeObject } from '../api/types.js';
import type { TableCells, TableColumn, UiKind } from '../contract/index.js';
import { kindInfo } from './kinds.js';

export interface KindTable {
  columns: TableColumn[];
  /** One object's cells (printed now; the UI re-derives AGE as time passes). */
  cells(obj: KubeObject): TableCells;
}

export function kindTable(kind: UiKind): KindTable {
  const info = kindInfo(kind);
  const table = (objs: KubeObject[]) => toTable(info, objs, { includeObject: 'None' });
  return {
    columns: table([]).columnDefinitions,
    cells: (obj) => table([obj]).rows[0].cells,
  };
}
