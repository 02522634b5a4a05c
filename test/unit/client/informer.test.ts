import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { Informer } from '../../../orchestrator/client/informer.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';

const PODS = findResource('', 'v1', 'pods')!;
const CM = findResource('', 'v1', 'configmaps')!;

const pod = (
  name: string,
  labels: Record<string, string> = { app: 'web' },
  nodeName?: string,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox:1' }], ...(nodeName ? { nodeName } : {}) },
});

describe('Informer', () => {
  let store: Store;
  let reg: Registry;
  let log: string[];
  const handlers = () => ({
    onAdd: (o: KubeObject) => void log.push(`add ${o.metadata.name}`),
    onUpdate: (a: KubeObject, b: KubeObject) =>
      void log.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o: KubeObject) => void log.push(`delete ${o.metadata.name}`),
  });

  beforeEach(() => {
    store = Store.open(':memory:', { eventLogSize: 5 });
    reg = new Registry(store);
    reg.bootstrap();
    log = [];
  });

  it('lists existing objects, then follows adds, updates and deletes in order', async () => {
    reg.create(PODS, 'default', pod('a'));
    const inf = new Informer(reg, PODS);
    inf.addHandlers(handlers());
    inf.start();
    expect(inf.hasSynced).toBe(true);
    expect(inf.get('default', 'a')?.metadata.name).toBe('a');
    const b = reg.create(PODS, 'default', pod('b'));
    const b2 = reg.patch(
      PODS,
      'default',
      'b',
      'application/merge-patch+json',
      '{"metadata":{"labels":{"x":"1"}}}',
    ).obj;
    reg.delete(PODS, 'default', 'a');
    // The cache is current at once; handlers run later.
    expect(inf.get('default/a')).toBeUndefined();
    expect(inf.get('default/b')?.metadata.labels).toEqual({ app: 'web', x: '1' });
    await inf.idle();
    expect(log).toEqual([
      'add a',
      'add b',
      `update b ${b.metadata.resourceVersion}->${b2.metadata.resourceVersion}`,
      'delete a',
    ]);
    inf.stop();
  });

  it('lets handlers write to the registry', async () => {
    const inf = new Informer(reg, PODS);
    inf.addHandlers({
      onAdd: (p) => {
        reg.create(CM, 'default', { metadata: { name: `for-${p.metadata.name}` }, data: {} });
      },
    });
    inf.start();
    reg.create(PODS, 'default', pod('a'));
    reg.create(PODS, 'default', pod('b'));
    await inf.idle();
    expect(reg.list(CM, 'default').items.map((c) => c.metadata.name)).toEqual(['for-a', 'for-b']);
    inf.stop();
  });

  it('maintains custom indexes', () => {
    const inf = new Informer(reg, PODS, {
      indexers: { node: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) },
    });
    inf.start();
    reg.create(PODS, 'default', pod('a', {}, 'n1'));
    reg.create(PODS, 'default', pod('b', {}, 'n1'));
    reg.create(PODS, 'default', pod('c', {}, 'n2'));
    expect(
      inf
        .byIndex('node', 'n1')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'b']);
    reg.delete(PODS, 'default', 'a', { gracePeriodSeconds: 0 });
    expect(inf.byIndex('node', 'n1').map((p) => p.metadata.name)).toEqual(['b']);
    expect(inf.byIndex('node', 'n3')).toEqual([]);
    inf.stop();
  });

  it('treats objects leaving or entering a label selector as deletes and adds', async () => {
    reg.create(PODS, 'default', pod('a', { app: 'web' }));
    reg.create(PODS, 'default', pod('b', { app: 'db' }));
    const inf = new Informer(reg, PODS, { labelSelector: 'app=web' });
    inf.addHandlers(handlers());
    inf.start();
    expect(inf.keys()).toEqual(['default/a']);
    reg.patch(PODS, 'default', 'a', 'application/merge-patch+json', '{"metadata":{"labels":{"app":"db"}}}');
    reg.patch(PODS, 'default', 'b', 'application/merge-patch+json', '{"metadata":{"labels":{"app":"web"}}}');
    await inf.idle();
    expect(log).toEqual(['add a', 'delete a', 'add b']);
    expect(inf.keys()).toEqual(['default/b']);
    inf.stop();
  });

  it('relists when its watch position has expired, notifying only the differences', async () => {
    reg.create(PODS, 'default', pod('keep'));
    reg.create(PODS, 'default', pod('gone'));
    reg.create(PODS, 'default', pod('changed'));
    const inf = new Informer(reg, PODS);
    inf.addHandlers(handlers());
    inf.start();
    await inf.idle();
    log = [];
    // Simulate a dropped watch: stop delivery, then write more than the event log keeps.
    (inf as unknown as { watch: { stop(): void } }).watch.stop();
    reg.delete(PODS, 'default', 'gone');
    const changed = reg.patch(
      PODS,
      'default',
      'changed',
      'application/merge-patch+json',
      '{"metadata":{"labels":{"v":"2"}}}',
    ).obj;
    for (let i = 0; i < 6; i++) reg.create(CM, 'default', { metadata: { name: `cm${i}` } });
    reg.create(PODS, 'default', pod('new'));
    expect(() => reg.watch(PODS, undefined, Number(inf.resourceVersion), () => {})).toThrow(/too old/);
    inf.reconnect();
    await inf.idle();
    expect(log.sort()).toEqual([
      'add new',
      'delete gone',
      expect.stringMatching(/^update changed \d+->\d+$/),
    ]);
    expect(inf.get('default/changed')?.metadata.resourceVersion).toBe(changed.metadata.resourceVersion);
    // And it watches again afterwards.
    log = [];
    reg.create(PODS, 'default', pod('later'));
    await inf.idle();
    expect(log).toEqual(['add later']);
    inf.stop();
  });

  it('gives handlers added after start an add per cached object; stop ends notifications', async () => {
    reg.create(PODS, 'default', pod('a'));
    const inf = new Informer(reg, PODS);
    inf.start();
    inf.addHandlers(handlers());
    await inf.idle();
    expect(log).toEqual(['add a']);
    inf.stop();
    reg.create(PODS, 'default', pod('b'));
    await inf.idle();
    expect(log).toEqual(['add a']);
  });
});
