import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import { useResources } from '../../../renderer/src/stores/resources.js';
import { fakeBridge, pod, type FakeBridge } from './fake-bridge.mjs';

describe('resources store', () => {
  let b: FakeBridge;
  beforeEach(() => {
    b = fakeBridge();
    setBridge(b);
    setActivePinia(createPinia());
  });

  it('follows a watch: snapshot, then changes keyed by uid', () => {
    const s = useResources();
    expect(s.ensure('pods').synced).toBe(false);
    b.push('pods', { type: 'sync', items: [pod('a', 5)], resourceVersion: '5' });
    expect(s.items('pods').map((p) => p.metadata.name)).toEqual(['a']);
    b.push('pods', { type: 'events', events: [{ type: 'ADDED', object: pod('b', 6) }] });
    expect(s.items('pods').map((p) => p.metadata.name)).toEqual(['a', 'b']);
    b.push('pods', { type: 'events', events: [{ type: 'DELETED', object: pod('a', 7) }] });
    expect(s.items('pods').map((p) => p.metadata.name)).toEqual(['b']);
  });

  it('ignores stale resourceVersions and never resurrects a deleted object', () => {
    const s = useResources();
    s.ensure('pods');
    b.push('pods', {
      type: 'sync',
      items: [pod('a', 10, { status: { phase: 'Running' } })],
      resourceVersion: '10',
    });
    b.push('pods', {
      type: 'events',
      events: [{ type: 'MODIFIED', object: pod('a', 8, { status: { phase: 'Pending' } }) }],
    });
    expect(s.items('pods')[0].status.phase).toBe('Running');
    b.push('pods', { type: 'events', events: [{ type: 'DELETED', object: pod('a', 12) }] });
    b.push('pods', { type: 'events', events: [{ type: 'MODIFIED', object: pod('a', 11) }] });
    expect(s.items('pods')).toEqual([]);
  });

  it('filters by namespace and watches each kind once', () => {
    const s = useResources();
    s.ensure('pods');
    s.ensure('pods');
    expect(b.watchers.size).toBe(1);
    b.push('pods', {
      type: 'sync',
      items: [pod('a', 1), pod('b', 2, { namespace: 'other', uid: 'x' })],
      resourceVersion: '2',
    });
    expect(s.items('pods', 'other').map((p) => p.metadata.name)).toEqual(['b']);
    expect(s.find('pods', 'default', 'a')?.metadata.uid).toBe('uid-a');
  });
});
