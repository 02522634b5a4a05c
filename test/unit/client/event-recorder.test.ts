// Event recording with upstream-style aggregation of repeats.
import { describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { EventRecorder } from '../../../orchestrator/client/event-recorder.js';

const EVENTS = findResource('', 'v1', 'events')!;
const CM = findResource('', 'v1', 'configmaps')!;

describe('EventRecorder', () => {
  it('creates an Event for the object and bumps count on an identical repeat', () => {
    const reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    const obj = reg.create(CM, 'default', { metadata: { name: 'app' } });
    let t = new Date('2026-11-27T10:00:00Z');
    const rec = new EventRecorder(reg, { component: 'test-controller' }, () => t);
    rec.record(obj, 'Normal', 'Synced', 'all good');
    t = new Date('2026-11-27T10:00:30Z');
    rec.record(obj, 'Normal', 'Synced', 'all good');
    rec.record(obj, 'Warning', 'Failed', 'something broke');
    const list = reg.list(EVENTS, 'default', {
      fieldSelector: `involvedObject.name=app,involvedObject.uid=${obj.metadata.uid}`,
    });
    expect(list.items).toHaveLength(2);
    const synced = list.items.find((e) => e.reason === 'Synced')!;
    expect(synced.count).toBe(2);
    expect(synced.firstTimestamp).toBe('2026-11-27T10:00:00Z');
    expect(synced.lastTimestamp).toBe('2026-11-27T10:00:30Z');
    expect(synced.involvedObject).toMatchObject({ kind: 'ConfigMap', name: 'app', namespace: 'default' });
    expect(synced.source).toEqual({ component: 'test-controller' });
    const failed = list.items.find((e) => e.reason === 'Failed')!;
    expect(failed.type).toBe('Warning');
    expect(failed.count).toBe(1);
  });
});
