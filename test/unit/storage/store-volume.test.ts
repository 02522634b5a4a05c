// Latency budget: durable writes well under 10 ms p99, lists of 2,000 objects fast enough
// for kubectl. Bounds are loose (the CI box is shared); the measured numbers are printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { Store } from '../../../orchestrator/storage/store.js';
import { tempDir } from './helpers.js';

const PODS = 'core/pods';

function pod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      namespace: `ns-${i % 5}`,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      labels: { app: 'web', 'pod-template-hash': 'abc123' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc123', uid: 'u', controller: true },
      ],
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
      restartPolicy: 'Always',
      nodeName: `node-${i % 3}`,
    },
    status: {
      phase: 'Running',
      podIP: `10.244.0.${i % 250}`,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
      })),
    },
  };
}

const p = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

describe('Store performance', () => {
  const tmp = tempDir();
  let store: Store;
  beforeAll(() => {
    store = Store.open(tmp.file());
  });
  afterAll(() => {
    store.close();
    tmp.cleanup();
  });

  it('creates and updates 2,000 pods with p99 under 10 ms', () => {
    const create: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      store.create(PODS, pod(i));
      create.push(performance.now() - t);
    }
    const update: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const o = store.get(PODS, `ns-${i % 5}`, `web-${i}`)!;
      o.status.phase = 'Succeeded';
      const t = performance.now();
      store.update(PODS, o, Number(o.metadata.resourceVersion));
      update.push(performance.now() - t);
    }
    console.log(
      `store write latency (ms): create p50=${p(create, 0.5).toFixed(2)} p99=${p(create, 0.99).toFixed(2)}; ` +
        `update p50=${p(update, 0.5).toFixed(2)} p99=${p(update, 0.99).toFixed(2)}`,
    );
    expect(p(create, 0.99)).toBeLessThan(10);
    expect(p(update, 0.99)).toBeLessThan(10);
  });

  it('lists 2,000 pods quickly', () => {
    expect(store.count(PODS)).toBe(2000);
    const times: number[] = [];
    for (let r = 0; r < 10; r++) {
      const t = performance.now();
      const { items } = store.list(PODS);
      times.push(performance.now() - t);
      expect(items).toHaveLength(2000);
    }
    const t = performance.now();
    const some = store.list(PODS, undefined, { filter: (o) => o.spec.nodeName === 'node-1' }).items;
    const filtered = performance.now() - t;
    expect(some.length).toBe(667);
    console.log(
      `store list 2000 pods (ms): median=${p(times, 0.5).toFixed(2)} filtered=${filtered.toFixed(2)}`,
    );
    expect(p(times, 0.5)).toBeLessThan(100);
  });
});
