// The garbage collector over a real registry: background cascade, dangling owners found at start,
// foreground deletion waiting for blocking dependents, and the orphan finalizer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../../orchestrator/storage/store.js';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject, OwnerReference } from '../../../../orchestrator/api/types.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { GarbageCollector } from '../../../../orchestrator/controllers/garbage-collector/collector.js';

const PODS = findResource('', 'v1', 'pods')!;
const CM = findResource('', 'v1', 'configmaps')!;
const RS = findResource('apps', 'v1', 'replicasets')!;

const ref = (o: KubeObject, block = true): OwnerReference => ({
  apiVersion: o.apiVersion!,
  kind: o.kind!,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
  controller: true,
  blockOwnerDeletion: block,
});

describe('garbage collector', () => {
  let reg: Registry;
  let gc: GarbageCollector | undefined;

  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });
  afterEach(() => gc?.stop());

  const start = () => {
    gc = new GarbageCollector(reg, { clock: new FakeClock(Date.now()) });
    gc.start();
  };
  const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000, interval: 5 });
  const settle = () => new Promise((r) => setTimeout(r, 100));
  const rs = (name: string) =>
    reg.create(RS, 'default', {
      metadata: { name },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
        },
      },
    });
  const pod = (name: string, owners: OwnerReference[], extra: Record<string, any> = {}) =>
    reg.create(PODS, 'default', {
      metadata: { name, ownerReferences: owners },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }], ...extra },
    });
  const exists = (info: typeof PODS, name: string) => reg.tryGet(info, 'default', name) !== undefined;

  it('deletes dependents of a deleted owner, cascading through their own dependents', async () => {
    start();
    const owner = rs('web');
    const p1 = pod('web-1', [ref(owner)]);
    pod('web-2', [ref(owner)]);
    reg.create(CM, 'default', { metadata: { name: 'of-pod', ownerReferences: [ref(p1, false)] } });
    reg.create(CM, 'default', { metadata: { name: 'unrelated' } });
    await settle();
    expect(exists(PODS, 'web-1')).toBe(true);
    reg.delete(RS, 'default', 'web', { propagationPolicy: 'Background' });
    await waitFor(() => {
      expect(exists(PODS, 'web-1')).toBe(false);
      expect(exists(PODS, 'web-2')).toBe(false);
      expect(exists(CM, 'of-pod')).toBe(false);
    });
    expect(exists(CM, 'unrelated')).toBe(true);
  });

  it('at start, collects objects whose owner vanished while it was not running', async () => {
    const owner = rs('web');
    const other = rs('other');
    pod('orphaned', [{ ...ref(owner), uid: 'no-such-uid' }]);
    pod('kept', [ref(owner)]);
    pod('half', [ref(other), { ...ref(owner), controller: false, name: 'gone', uid: 'gone-uid' }]);
    start();
    await waitFor(() => expect(exists(PODS, 'orphaned')).toBe(false));
    await waitFor(() =>
      expect(reg.get(PODS, 'default', 'half').metadata.ownerReferences).toEqual([ref(other)]),
    );
    expect(exists(PODS, 'kept')).toBe(true);
  });

  it('foreground: deletes dependents first and keeps the owner until blocking ones are gone', async () => {
    start();
    const owner = rs('web');
    pod('unscheduled', [ref(owner)]);
    // Scheduled: deletion is graceful, the pod stays until its kubelet confirms.
    pod('running', [ref(owner)], { nodeName: 'kubedeck-worker' });
    reg.delete(RS, 'default', 'web', { propagationPolicy: 'Foreground' });
    const cur = reg.get(RS, 'default', 'web');
    expect(cur.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(cur.metadata.deletionTimestamp).toBeTruthy();
    await waitFor(() => {
      expect(exists(PODS, 'unscheduled')).toBe(false);
      expect(reg.get(PODS, 'default', 'running').metadata.deletionTimestamp).toBeTruthy();
    });
    await settle();
    expect(reg.get(RS, 'default', 'web').metadata.finalizers).toEqual(['foregroundDeletion']);
    // The kubelet confirms the pod's termination.
    reg.delete(PODS, 'default', 'running', { gracePeriodSeconds: 0 });
    await waitFor(() => expect(exists(RS, 'web')).toBe(false));
  });

  it('foreground through two levels: the top owner waits for the whole chain', async () => {
    start();
    const top = reg.create(CM, 'default', { metadata: { name: 'top' } });
    const mid = reg.create(RS, 'default', {
      metadata: { name: 'mid', ownerReferences: [ref(top)] },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'mid' } },
        template: {
          metadata: { labels: { app: 'mid' } },
          spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
        },
      },
    });
    pod('leaf', [ref(mid)], { nodeName: 'kubedeck-worker' });
    reg.delete(CM, 'default', 'top', { propagationPolicy: 'Foreground' });
    await waitFor(() => {
      expect(reg.get(RS, 'default', 'mid').metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(reg.get(PODS, 'default', 'leaf').metadata.deletionTimestamp).toBeTruthy();
    });
    await settle();
    expect(exists(CM, 'top')).toBe(true);
    expect(reg.get(RS, 'default', 'mid').metadata.ownerReferences?.[0].blockOwnerDeletion).toBe(true);
    reg.delete(PODS, 'default', 'leaf', { gracePeriodSeconds: 0 });
    await waitFor(() => {
      expect(exists(RS, 'mid')).toBe(false);
      expect(exists(CM, 'top')).toBe(false);
    });
  });

  it('foreground: dependents without blockOwnerDeletion are deleted but not awaited', async () => {
    start();
    const owner = rs('web');
    pod('nonblocking', [ref(owner, false)], { nodeName: 'kubedeck-worker' });
    reg.delete(RS, 'default', 'web', { propagationPolicy: 'Foreground' });
    await waitFor(() => expect(exists(RS, 'web')).toBe(false));
    await waitFor(() =>
      expect(reg.get(PODS, 'default', 'nonblocking').metadata.deletionTimestamp).toBeTruthy(),
    );
  });

  it('orphan finalizer: dependents lose the reference and stay, then the owner goes', async () => {
    start();
    const owner = reg.create(CM, 'default', { metadata: { name: 'owner', finalizers: ['orphan'] } });
    pod('dep', [ref(owner)]);
    reg.delete(CM, 'default', 'owner');
    await waitFor(() => expect(exists(CM, 'owner')).toBe(false));
    expect(reg.get(PODS, 'default', 'dep').metadata.ownerReferences).toBeUndefined();
  });

  it('orphan propagation (kubectl --cascade=orphan) keeps the dependents', async () => {
    start();
    const owner = rs('web');
    pod('dep', [ref(owner)]);
    reg.delete(RS, 'default', 'web', { propagationPolicy: 'Orphan' });
    await waitFor(() => expect(exists(RS, 'web')).toBe(false));
    await settle();
    expect(reg.get(PODS, 'default', 'dep').metadata.ownerReferences).toBeUndefined();
  });
});
