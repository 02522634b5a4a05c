// Live lists: a snapshot, then batched changes.
import type { KObject, UiKind } from './objects.js';
import type { TableCells, TableColumn } from './table.js';

/** One change seen by a watch. Objects carry their resourceVersion; consumers drop stale ones. */
export interface WatchChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KObject;
  /** The object's Table cells, in the order of the sync's columns. */
  cells: TableCells;
}

/** Server → client watch messages (WebSocket in the web shell, IPC events in Electron). */
export type WatchMessage =
  | {
      id: string;
      type: 'sync';
      items: KObject[];
      /** The kind's Table columns (all of them; kubectl without -o wide shows priority 0). */
      columns: TableColumn[];
      /** Each item's cells, parallel to items. */
      rows: TableCells[];
      resourceVersion: string;
    }
  | { id: string; type: 'events'; events: WatchChange[] }
  | { id: string; type: 'error'; message: string };

/** Client → server watch requests. */
export type WatchRequest =
  { op: 'watch'; id: string; kind: UiKind; namespace?: string } | { op: 'unwatch'; id: string };
