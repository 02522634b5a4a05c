// meta.k8s.io/v1 Table shapes and the per-kind printer contract.
import type { KubeObject } from '../types.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** Cells for one object, always in "wide" form: the server prints every column, kubectl hides priority>0. */
export interface Printer {
  columns: TableColumnDefinition[];
  row(obj: KubeObject, now: Date): { cells: unknown[]; conditions?: TableRowCondition[] };
}

/** Column definition builder; format/priority default like upstream's zero values. */
export function col(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): TableColumnDefinition {
  return { name, type, format, description, priority };
}
