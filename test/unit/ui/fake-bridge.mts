// A scripted Bridge for store and component tests: records calls, lets tests push watch messages.
// Objects get their Table cells from the server's own printers (what the real watch sends).
import type { Bridge } from '../../../renderer/src/bridge/types.js';
import { kindTable } from '../../../orchestrator/operations/table-cells.js';
import { setRow } from '../../../renderer/src/model/table-rows.js';
import type { KObject, TableCells, TableColumn, UiKind, WatchChange, WatchMessage } from '@kubedeck/contract';

/** A watch message as a test writes it: no id, and the Table cells left to the server's printers. */
export type TestMessage =
  | { type: 'sync'; items: KObject[]; columns?: TableColumn[]; rows?: TableCells[]; resourceVersion: string }
  | { type: 'events'; events: (Omit<WatchChange, 'cells'> & { cells?: TableCells })[] }
  | { type: 'error'; message: string };

export interface FakeBridge extends Bridge {
  calls: { name: string; params: unknown }[];
  watchers: Map<string, (m: WatchMessage) => void>;
  push(kind: string, m: TestMessage): void;
  reply: (name: string, params: unknown) => unknown;
}

export function fakeBridge(): FakeBridge {
  const b: FakeBridge = {
    kind: 'web',
    calls: [],
    watchers: new Map(),
    reply: () => ({ kubectl: '', message: 'ok' }),
    // eslint-disable-next-line @typescript-eslint/require-await
    async call(name, params) {
      b.calls.push({ name, params });
      return b.reply(name, params) as never;
    },
    watch(kind, _ns, onMessage) {
      b.watchers.set(kind, onMessage);
      return () => b.watchers.delete(kind);
    },
    logs: () => () => {},
    push(kind, m) {
      b.watchers.get(kind)!({ id: kind, ...withCells(kind as UiKind, m) });
    },
  };
  return b;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A watch message with the Table columns and cells the server would send, where a test left them out. */
function withCells(kind: UiKind, m: TestMessage): DistributiveOmit<WatchMessage, 'id'> {
  const table = kindTable(kind);
  const cells = (o: KObject) => table.cells(o as never);
  if (m.type === 'sync')
    return { ...m, columns: m.columns ?? table.columns, rows: m.rows ?? m.items.map(cells) };
  if (m.type === 'events')
    return { ...m, events: m.events.map((e) => ({ ...e, cells: e.cells ?? cells(e.object) })) };
  return m;
}

/** An object with the cells the server prints for it (as if it had come from a watch). */
export function withRow<T extends object>(kind: UiKind, obj: T): T & KObject {
  const table = kindTable(kind);
  setRow(obj as T & KObject, table.columns, table.cells(obj as never));
  return obj as T & KObject;
}

let uid = 0;
export function pod(name: string, rv: number, extra: Record<string, any> = {}) {
  return withRow('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      uid: extra.uid ?? `uid-${name}`,
      resourceVersion: String(rv),
      ...(extra.metadata ?? {}),
    },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'img' }] },
    status: extra.status ?? {
      phase: 'Running',
      containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }],
    },
  });
}
export function node(name: string, ready = true, controlPlane = false) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `node-${name}-${++uid}`,
      resourceVersion: '1',
      labels: (controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}) as Record<string, string>,
    },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      allocatable: { cpu: '2', memory: '1Gi' },
    },
  };
}
