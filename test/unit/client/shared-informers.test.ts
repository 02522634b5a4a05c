import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { sharedInformer } from '../../../orchestrator/client/shared-informers.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';

const PODS = findResource('', 'v1', 'pods')!;

const pod = (name: string, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'busybox:1' }], ...(nodeName ? { nodeName } : {}) },
});

describe('sharedInformer', () => {
  let reg: Registry;

  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });

  it('gives every consumer of a kind the same cache, with the union of their indexes', async () => {
    reg.create(PODS, 'default', pod('a', 'n1'));
    const byNode = { nodeName: (p: KubeObject) => (p.spec?.nodeName ? [p.spec.nodeName] : []) };
    const byNs = { namespace: (p: KubeObject) => [p.metadata.namespace ?? ''] };
    const one = sharedInformer(reg, PODS, { indexers: byNode });
    one.start();
    const two = sharedInformer(reg, PODS, { indexers: byNs });
    two.start();
    expect(two.get('default', 'a')).toBe(one.get('default', 'a')); // one object, not a copy per consumer
    expect(one.byIndex('namespace', 'default').map((p) => p.metadata.name)).toEqual(['a']);
    expect(two.byIndex('nodeName', 'n1').map((p) => p.metadata.name)).toEqual(['a']);
    reg.create(PODS, 'default', pod('b', 'n1'));
    await one.idle();
    expect(two.byIndex('nodeName', 'n1')).toHaveLength(2);
    one.stop();
    two.stop();
  });

  it('refuses an index of the same name that means something else', () => {
    sharedInformer(reg, PODS, { indexers: { node: (p: KubeObject) => [p.spec?.nodeName ?? ''] } });
    expect(() =>
      sharedInformer(reg, PODS, { indexers: { node: (p: KubeObject) => [p.metadata.name ?? ''] } }),
    ).toThrow(/index node is already defined differently/);
  });

  it('stopping one consumer removes only its handlers; the informer ends with its last consumer', async () => {
    const seen: string[] = [];
    const one = sharedInformer(reg, PODS);
    const two = sharedInformer(reg, PODS);
    one.addHandlers({ onAdd: (p) => void seen.push(`one ${p.metadata.name}`) });
    two.addHandlers({ onAdd: (p) => void seen.push(`two ${p.metadata.name}`) });
    one.start();
    two.start();
    reg.create(PODS, 'default', pod('a'));
    await two.idle();
    one.stop();
    reg.create(PODS, 'default', pod('b'));
    await two.idle();
    expect(seen).toEqual(['one a', 'two a', 'two b']);
    two.stop();
    // A consumer that comes after the last one stopped gets a fresh, working informer.
    const three = sharedInformer(reg, PODS);
    three.start();
    expect(
      three
        .list()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'b']);
    three.stop();
  });

  it('hands out frozen objects, so a controller that writes to the cache fails loudly', () => {
    reg.create(PODS, 'default', pod('a'));
    const pods = sharedInformer(reg, PODS);
    pods.start();
    const cached = pods.get('default', 'a')!;
    expect(() => {
      cached.metadata.labels!.app = 'changed';
    }).toThrow(TypeError);
    pods.stop();
  });

  it('shares the store objects instead of copying them, and the store keeps serving what it stored', () => {
    reg.create(PODS, 'default', pod('a'));
    const pods = sharedInformer(reg, PODS);
    pods.start();
    const cached = pods.get('default', 'a')!;
    expect(reg.list(PODS, 'default', { readOnly: true }).items[0]).toBe(cached);
    expect(() => delete cached.metadata.labels).toThrow(TypeError);
    expect(reg.get(PODS, 'default', 'a').metadata.labels).toEqual({ app: 'web' });
    pods.stop();
  });
});
