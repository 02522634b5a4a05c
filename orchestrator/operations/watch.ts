// Live lists for the UI: an initial snapshot, then changes batched per tick and coalesced by uid
// (only the latest state of each object in a batch is sent), so a burst of pod updates costs
// one message, not hundreds. Every object travels with its Table cells (what `kubectl get` prints).
import type { Registry } from '../api/registry/registry.js';
import type { KObject, UiKind, WatchChange, WatchMessage } from '../contract/index.js';
import { kindInfo } from './kinds.js';
import { forUi } from './strip.js';
import { kindTable } from './table-cells.js';

export interface WatchOptions {
  /** How long changes gather before they are sent (ms). */
  batchMs?: number;
}

export function watchKind(
  registry: Registry,
  id: string,
  kind: UiKind,
  namespace: string | undefined,
  send: (msg: WatchMessage) => void,
  opts: WatchOptions = {},
): { stop(): void } {
  const info = kindInfo(kind);
  const ns = info.namespaced ? namespace || undefined : undefined;
  const table = kindTable(kind);
  const list = registry.list(info, ns);
  send({
    id,
    type: 'sync',
    items: list.items.map(forUi),
    columns: table.columns,
    rows: list.items.map((o) => table.cells(o)),
    resourceVersion: list.resourceVersion,
  });
  let pending = new Map<string, WatchChange>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending.size) return;
    const events = [...pending.values()];
    pending = new Map();
    send({ id, type: 'events', events });
  };
  const handle = registry.watch(info, ns, Number(list.resourceVersion), (ev) => {
    const out = registry.out(info, ev.obj);
    const object: KObject = forUi(out);
    const key = object.metadata.uid ?? `${ev.namespace}/${ev.name}`;
    const prev = pending.get(key);
    // ADDED then MODIFIED in one batch is still an ADDED for the client.
    const type = prev?.type === 'ADDED' && ev.type === 'MODIFIED' ? 'ADDED' : ev.type;
    pending.delete(key); // re-insert: keeps the batch in change order
    pending.set(key, { type, object, cells: table.cells(out) });
    timer ??= setTimeout(flush, opts.batchMs ?? 30);
  });
  return {
    stop() {
      handle.stop();
      if (timer) clearTimeout(timer);
      pending.clear();
    },
  };
}
