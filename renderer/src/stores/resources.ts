// Live copies of the cluster's objects, one per kind, fed by watches (never polled), each with the
// Table cells the server printed for it (model/table-rows.ts). Changes are keyed by uid; a change older than what we hold (by resourceVersion) is ignored, and a deleted
// object is not resurrected by a late update.
import { defineStore } from 'pinia';
import { shallowReactive, ref } from 'vue';
import type { KObject, TableColumn, UiKind, WatchChange, WatchMessage } from '@kubedeck/contract';
import { bridge } from '../bridge/current.js';
import { setRow } from '../model/table-rows.js';

export interface KindState {
  objects: Map<string, KObject>;
  /** The kind's Table columns, as the server's printer defines them. */
  columns: readonly TableColumn[];
  synced: boolean;
  error?: string;
}

const rvOf = (o: KObject) => Number(o.metadata.resourceVersion ?? 0);
const byName = (a: KObject, b: KObject) => {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};
const keyOf = (o: KObject) => o.metadata.uid ?? `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

export const useResources = defineStore('resources', () => {
  const kinds = shallowReactive(new Map<UiKind, KindState>());
  const tombstones = new Map<string, number>(); // uid → resourceVersion of its deletion
  const stops = new Map<UiKind, () => void>();
  const lastChange = ref(0);

  function apply(state: KindState, ev: WatchChange): void {
    const key = keyOf(ev.object);
    const rv = rvOf(ev.object);
    const held = state.objects.get(key);
    if (held && rvOf(held) > rv) return; // stale
    if ((tombstones.get(key) ?? -1) >= rv) return; // already deleted
    if (ev.type === 'DELETED') {
      tombstones.set(key, rv);
      state.objects.delete(key);
    } else state.objects.set(key, keep(state, ev.object, ev.cells));
  }

  /** An object as the store keeps it: frozen, with its Table cells. */
  function keep(state: KindState, obj: KObject, cells: unknown[] | undefined): KObject {
    setRow(obj, state.columns, cells);
    return Object.freeze(obj);
  }

  function onMessage(kind: UiKind, m: WatchMessage): void {
    const state = kinds.get(kind)!;
    if (m.type === 'sync') {
      state.objects.clear();
      state.columns = m.columns;
      m.items.forEach((o, i) => state.objects.set(keyOf(o), keep(state, o, m.rows[i])));
      state.synced = true;
      state.error = undefined;
    } else if (m.type === 'events') {
      for (const ev of m.events) apply(state, ev);
    } else state.error = m.message;
    kinds.set(kind, { ...state }); // one reactive trigger per batch
    lastChange.value = performance.now();
  }

  /** Starts following a kind (all namespaces) unless already followed. */
  function ensure(kind: UiKind): KindState {
    let state = kinds.get(kind);
    if (!state) {
      state = { objects: shallowReactive(new Map()), columns: [], synced: false };
      kinds.set(kind, state);
      stops.set(
        kind,
        bridge().watch(kind, undefined, (m) => onMessage(kind, m)),
      );
    }
    return kinds.get(kind)!;
  }

  // Sorted lists per kind and namespace, rebuilt only after a batch (each batch replaces the
  // kind's state object): many views ask for the same list on every render. Callers must not
  // mutate the array they get (copy before sorting it differently).
  const lists = new Map<string, { state: KindState; list: KObject[] }>();

  function items(kind: UiKind, namespace?: string): KObject[] {
    const state = ensure(kind);
    const key = `${kind}\0${namespace ?? ''}`;
    const cached = lists.get(key);
    if (cached?.state === state) return cached.list;
    const all = [...state.objects.values()];
    const list = namespace
      ? all.filter((o) => !o.metadata.namespace || o.metadata.namespace === namespace)
      : all;
    list.sort((a, b) => byName(a, b));
    lists.set(key, { state, list });
    return list;
  }

  function find(kind: UiKind, namespace: string | undefined, name: string): KObject | undefined {
    return items(kind).find(
      (o) => o.metadata.name === name && (o.metadata.namespace ?? '') === (namespace ?? ''),
    );
  }

  function stopAll(): void {
    for (const s of stops.values()) s();
    stops.clear();
    kinds.clear();
    lists.clear();
  }

  return { kinds, ensure, items, find, stopAll, lastChange, _onMessage: onMessage };
});
