import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store, StoreError } from '../../../orchestrator/storage/store.js';
import type { StoreEvent } from '../../../orchestrator/storage/types.js';
import { cm, node, tempDir } from './helpers.js';

const CM = 'core/configmaps';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e.code;
    throw e;
  }
  return undefined;
}

describe('Store CRUD', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('starts at revision 1 and stamps resourceVersion on create', () => {
    expect(store.revision).toBe(1);
    const a = store.create(CM, cm('a'));
    expect(a.metadata.resourceVersion).toBe('2');
    expect(store.revision).toBe(2);
    expect(store.get(CM, 'default', 'a')).toEqual(a);
    expect(store.get(CM, 'other', 'a')).toBeUndefined();
    expect(store.get('core/secrets', 'default', 'a')).toBeUndefined();
  });

  it('does not mutate the caller object and hands out deep copies', () => {
    const input = cm('a', 'default', { k: 'v' });
    store.create(CM, input);
    expect(input.metadata.resourceVersion).toBeUndefined();
    input.data.k = 'changed-after-create';
    const got = store.get(CM, 'default', 'a')!;
    expect(got.data).toEqual({ k: 'v' });
    got.data.k = 'mutated';
    got.metadata.labels = { x: 'y' };
    expect(store.get(CM, 'default', 'a')!.data).toEqual({ k: 'v' });
    const listed = store.list(CM).items[0];
    listed.data.k = 'mutated';
    expect(store.list(CM).items[0].data).toEqual({ k: 'v' });
  });

  it('rejects duplicates with AlreadyExists and leaves the revision alone', () => {
    store.create(CM, cm('a'));
    expect(code(() => store.create(CM, cm('a')))).toBe('AlreadyExists');
    expect(store.revision).toBe(2);
    // Same name in another namespace or storage is a different object.
    store.create(CM, cm('a', 'other'));
    store.create('core/secrets', { metadata: { name: 'a', namespace: 'default' } });
    expect(store.count(CM)).toBe(2);
    expect(store.count('core/secrets')).toBe(1);
  });

  it('updates with optimistic concurrency', () => {
    const a = store.create(CM, cm('a', 'default', { v: '1' }));
    const rev = Number(a.metadata.resourceVersion);
    const u = store.update(CM, { ...a, data: { v: '2' } }, rev);
    expect(Number(u.metadata.resourceVersion)).toBe(rev + 1);
    expect(store.get(CM, 'default', 'a')!.data).toEqual({ v: '2' });
    // Stale expected revision → Conflict, nothing written.
    expect(code(() => store.update(CM, { ...a, data: { v: '3' } }, rev))).toBe('Conflict');
    expect(store.get(CM, 'default', 'a')!.data).toEqual({ v: '2' });
    expect(store.revision).toBe(rev + 1);
    // Without expectedRev the write is unconditional.
    store.update(CM, { ...a, data: { v: '4' } });
    expect(store.get(CM, 'default', 'a')!.data).toEqual({ v: '4' });
    expect(code(() => store.update(CM, cm('missing')))).toBe('NotFound');
  });

  it('deletes, returning the last state at the delete revision', () => {
    const a = store.create(CM, cm('a', 'default', { v: '1' }));
    expect(code(() => store.delete(CM, 'default', 'a', 999))).toBe('Conflict');
    const gone = store.delete(CM, 'default', 'a', Number(a.metadata.resourceVersion));
    expect(gone.data).toEqual({ v: '1' });
    expect(gone.metadata.resourceVersion).toBe(String(store.revision));
    expect(store.get(CM, 'default', 'a')).toBeUndefined();
    expect(store.count(CM)).toBe(0);
    expect(code(() => store.delete(CM, 'default', 'a'))).toBe('NotFound');
    // The name is free again.
    expect(store.create(CM, cm('a')).metadata.name).toBe('a');
  });

  it('lists sorted by namespace then name, filtered by namespace', () => {
    for (const [ns, n] of [
      ['b', 'x'],
      ['a', 'z'],
      ['a', 'y'],
      ['ab', 'a'],
      ['b', 'a'],
    ])
      store.create(CM, cm(n, ns));
    const all = store.list(CM);
    expect(all.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'a/y',
      'a/z',
      'ab/a',
      'b/a',
      'b/x',
    ]);
    expect(all.rev).toBe(store.revision);
    expect(store.list(CM, 'b').items.map((o) => o.metadata.name)).toEqual(['a', 'x']);
    expect(store.list(CM, '').items).toHaveLength(5);
    expect(store.list('nothing/here')).toEqual({ items: [], rev: store.revision });
    // Sort cache is invalidated by create and delete.
    store.create(CM, cm('0', 'a'));
    store.delete(CM, 'b', 'x');
    expect(store.list(CM).items.map((o) => o.metadata.name)).toEqual(['0', 'y', 'z', 'a', 'a']);
    expect(store.list(CM, undefined, { filter: (o) => o.metadata.namespace === 'a' }).items).toHaveLength(3);
  });

  it('handles cluster-scoped objects without inventing a namespace', () => {
    const n = store.create('core/nodes', node('n1'));
    expect(n.metadata.namespace).toBeUndefined();
    expect(store.get('core/nodes', '', 'n1')!.metadata.name).toBe('n1');
    store.update('core/nodes', { ...n, spec: { unschedulable: true } });
    expect(store.list('core/nodes').items[0].spec).toEqual({ unschedulable: true });
    expect(store.delete('core/nodes', '', 'n1').metadata.name).toBe('n1');
  });

  it('rejects objects without a name', () => {
    expect(() => store.create(CM, { metadata: { namespace: 'default' } })).toThrow(/metadata.name/);
    expect(store.revision).toBe(1);
  });
});

describe('Store watch', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.file());
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
    vi.restoreAllMocks();
  });

  it('gives read-only watchers the stored objects and every other watcher its own copy', () => {
    const copies: StoreEvent[] = [];
    const shared: StoreEvent[] = [];
    store.watch(CM, undefined, store.revision, (ev) => copies.push(ev));
    store.watch(CM, undefined, store.revision, (ev) => shared.push(ev), { readOnly: true });
    store.create(CM, cm('a'));
    const stored = store.list(CM, undefined, { shared: true }).items[0];
    expect(shared[0].obj).toBe(stored);
    expect(copies[0].obj).not.toBe(stored);
    expect(copies[0].obj).toEqual(stored);
  });

  it('replays retained events after fromRev, then delivers live ones', () => {
    const a = store.create(CM, cm('a')); // rev 2
    const mid = store.revision;
    store.update(CM, { ...a, data: { v: '2' } }); // 3
    store.create(CM, cm('b', 'other')); // 4
    store.create('core/secrets', { metadata: { name: 's', namespace: 'default' } }); // 5

    const seen: StoreEvent[] = [];
    const h = store.watch(CM, undefined, mid, (ev) => seen.push(ev));
    expect(seen.map((e) => [e.type, e.rev, e.name])).toEqual([
      ['MODIFIED', 3, 'a'],
      ['ADDED', 4, 'b'],
    ]);
    expect(seen[0].prev?.data).toEqual({});
    expect(seen[0].obj.data).toEqual({ v: '2' });
    expect(seen[0].obj.metadata.resourceVersion).toBe('3');

    store.delete(CM, 'other', 'b'); // 6
    expect(seen.at(-1)).toMatchObject({ type: 'DELETED', rev: 6, name: 'b', namespace: 'other' });
    expect(seen.at(-1)!.obj.metadata.resourceVersion).toBe('6');
    expect(seen.at(-1)!.prev!.metadata.resourceVersion).toBe('4');

    h.stop();
    store.create(CM, cm('c'));
    expect(seen).toHaveLength(3);
  });

  it('filters by namespace and replays nothing when fromRev is current', () => {
    store.create(CM, cm('a', 'x'));
    const seen: string[] = [];
    store.watch(CM, 'y', store.revision, (ev) => seen.push(`${ev.type}:${ev.namespace}/${ev.name}`));
    expect(seen).toEqual([]);
    store.create(CM, cm('b', 'x'));
    store.create(CM, cm('c', 'y'));
    expect(seen).toEqual(['ADDED:y/c']);
  });

  it('gives every callback its own copy', () => {
    const got: StoreEvent[] = [];
    store.watch(CM, undefined, store.revision, (ev) => {
      ev.obj.data.evil = 'yes';
      got.push(ev);
    });
    store.watch(CM, undefined, store.revision, (ev) => got.push(ev));
    store.create(CM, cm('a', 'default', { k: 'v' }));
    expect(got[1].obj.data).toEqual({ k: 'v' });
    expect(store.get(CM, 'default', 'a')!.data).toEqual({ k: 'v' });
  });

  it('keeps delivering when a callback throws', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: number[] = [];
    store.onEvent(() => {
      throw new Error('boom');
    });
    store.onEvent((ev) => seen.push(ev.rev));
    const created = store.create(CM, cm('a'));
    expect(created.metadata.resourceVersion).toBe('2');
    expect(seen).toEqual([2]);
    expect(err).toHaveBeenCalledTimes(1);
  });

  it('delivers in revision order even when a callback writes', () => {
    const orderA: string[] = [];
    const orderB: string[] = [];
    store.onEvent((ev) => {
      orderA.push(`${ev.rev}:${ev.name}`);
      if (ev.name === 'a') store.create(CM, cm('from-callback'));
    });
    store.onEvent((ev) => orderB.push(`${ev.rev}:${ev.name}`));
    store.create(CM, cm('a'));
    expect(orderA).toEqual(['2:a', '3:from-callback']);
    expect(orderB).toEqual(['2:a', '3:from-callback']);
  });

  it('does not duplicate or drop events for a watch opened inside a callback', () => {
    const inner: number[] = [];
    let opened = false;
    store.onEvent((ev) => {
      if (ev.name === 'a') store.create(CM, cm('b')); // rev 3, queued behind rev 2
      if (!opened) {
        opened = true;
        store.watch(CM, undefined, 1, (e) => inner.push(e.rev)); // replays 2 and 3
      }
    });
    store.create(CM, cm('a'));
    store.create(CM, cm('c')); // 4, live
    expect(inner).toEqual([2, 3, 4]);
  });

  it('onEvent sees every storage', () => {
    const seen: string[] = [];
    store.onEvent((ev) => seen.push(ev.storage));
    store.create(CM, cm('a'));
    store.create('core/nodes', node('n'));
    expect(seen).toEqual([CM, 'core/nodes']);
  });

  it('stops all watchers on close and refuses further work', () => {
    const seen: number[] = [];
    store.onEvent((ev) => seen.push(ev.rev));
    const other = Store.open(':memory:');
    other.close();
    expect(() => other.create(CM, cm('x'))).toThrow(/closed/);
    expect(() => other.watch(CM, undefined, 1, () => {})).toThrow(/closed/);
    expect(seen).toEqual([]);
  });
});

describe('Store event log retention', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('resumes from exactly oldestRevision and expires one below it', () => {
    const store = Store.open(tmp.file(), { eventLogSize: 5 });
    expect(store.oldestRevision).toBe(1);
    for (let i = 0; i < 12; i++) store.create(CM, cm(`o${i}`)); // revs 2..13
    expect(store.revision).toBe(13);
    // Retained: 9..13, so resuming after 8 is the oldest possible.
    expect(store.oldestRevision).toBe(8);
    const seen: number[] = [];
    store.watch(CM, undefined, 8, (ev) => seen.push(ev.rev)).stop();
    expect(seen).toEqual([9, 10, 11, 12, 13]);
    let err: unknown;
    try {
      store.watch(CM, undefined, 7, () => {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('Expired');
    expect((err as StoreError).message).toBe('too old resource version: 7 (8)');
    store.close();
  });

  it('a fresh store lets a watch start from revision 1', () => {
    const store = Store.open(':memory:', { eventLogSize: 3 });
    const seen: number[] = [];
    store.watch(CM, undefined, 1, (ev) => seen.push(ev.rev));
    store.create(CM, cm('a'));
    expect(seen).toEqual([2]);
    expect(code(() => store.watch(CM, undefined, 0, () => {}))).toBe('Expired');
    store.close();
  });
});
