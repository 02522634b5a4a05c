// The relister syncs only pods whose containers changed between two lists of the node.
import { describe, expect, it } from 'vitest';
import { Pleg } from '../../../orchestrator/node/agent/pleg.js';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';

const labels = (uid: string, node = 'n1') => ({
  'kubedeck.cluster': 'c',
  'kubedeck.node': node,
  'io.kubernetes.pod.uid': uid,
});

describe('Pleg', () => {
  it('reports new, changed and vanished pods, and nothing when nothing changed', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:v1');
    const changed: string[] = [];
    const seen = new Map<string, { names: string[]; at: number }>();
    const pleg = new Pleg({
      runtime: rt,
      cluster: 'c',
      node: 'n1',
      relistMs: 1000,
      onChange: (uid, found, at) => {
        changed.push(uid);
        seen.set(uid, { names: found.map((c) => c.name), at });
      },
      log: () => {},
    });
    const a = await rt.createContainer({ name: 'a', image: 'app:v1', labels: labels('A') });
    await rt.createContainer({ name: 'other-node', image: 'app:v1', labels: labels('X', 'n2') });
    const before = performance.now();
    await pleg.relist();
    expect(changed).toEqual(['A']);
    // The pod's own containers as listed, and when that list began (the worker syncs from them).
    expect(seen.get('A')!.names.map((n) => n.replace(/^\//, ''))).toEqual(['a']);
    expect(seen.get('A')!.at).toBeGreaterThanOrEqual(before);
    expect(seen.get('A')!.at).toBeLessThanOrEqual(performance.now());

    changed.length = 0;
    await pleg.relist();
    expect(changed).toEqual([]);

    await rt.startContainer(a);
    const b = await rt.createContainer({ name: 'b', image: 'app:v1', labels: labels('B') });
    await pleg.relist();
    expect(changed.sort()).toEqual(['A', 'B']);

    changed.length = 0;
    await rt.removeContainer(b, { force: true });
    await pleg.relist();
    expect(changed).toEqual(['B']);
  });

  it('a failing runtime is logged once and syncs nothing', async () => {
    const rt = new FakeRuntime();
    rt.listContainers = () => Promise.reject(new Error('engine down'));
    const logs: string[] = [];
    const changed: string[] = [];
    const pleg = new Pleg({
      runtime: rt,
      cluster: 'c',
      node: 'n1',
      relistMs: 1000,
      onChange: (uid) => changed.push(uid),
      log: (l) => logs.push(l),
    });
    await pleg.relist();
    await pleg.relist();
    expect(changed).toEqual([]);
    expect(logs).toEqual(['relist failed: engine down']);
  });
});
