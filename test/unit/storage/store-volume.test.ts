// 2,000 pods written, updated and listed through a real SQLite file, all of them found again.
// (Timings are measured by `npm run bench:store`, not asserted here.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { benchPod as pod, tempDir } from './helpers.js';

const PODS = 'core/pods';

describe('Store volume', () => {
  const tmp = tempDir();
  let store: Store;
  beforeAll(() => {
    store = Store.open(tmp.file());
  });
  afterAll(() => {
    store.close();
    tmp.cleanup();
  });

  it('creates and updates 2,000 pods, each write a new revision that survives a reopen', () => {
    const start = store.revision;
    for (let i = 0; i < 2000; i++) store.create(PODS, pod(i));
    for (let i = 0; i < 2000; i++) {
      const o = store.get(PODS, `ns-${i % 5}`, `web-${i}`)!;
      o.status.phase = 'Succeeded';
      store.update(PODS, o, Number(o.metadata.resourceVersion));
    }
    expect(store.revision).toBe(start + 4000);
    store.close();
    store = Store.open(tmp.file());
    expect(store.revision).toBe(start + 4000);
    expect(store.get(PODS, 'ns-3', 'web-1998')!.status.phase).toBe('Succeeded');
  });

  it('lists 2,000 pods, whole and filtered', () => {
    expect(store.count(PODS)).toBe(2000);
    expect(store.list(PODS).items).toHaveLength(2000);
    const some = store.list(PODS, undefined, { filter: (o) => o.spec.nodeName === 'node-1' }).items;
    expect(some.length).toBe(667);
  });

  it('a full-sync store keeps the same data; an unknown sync mode is refused', () => {
    const full = Store.open(tmp.file('full.db'), { sync: 'full' });
    full.create(PODS, pod(1));
    expect(full.get(PODS, 'ns-1', 'web-1')).toBeDefined();
    full.close();
    expect(() => Store.open(tmp.file('bad.db'), { sync: 'sometimes' as never })).toThrow(/invalid sync mode/);
  });
});
