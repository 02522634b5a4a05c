// `npm run bench:store`: write latency of the object store (2,000 pod creates, then 2,000 status
// updates) with synchronous=NORMAL (default) and FULL (KUBEDECK_STORE_SYNC=full) side by side,
// and list times of 2,000 pods. Prints a table and a JSON line; target: write p99 < 10 ms.
import { performance } from 'node:perf_hooks';
import type { StoreSync } from '../../orchestrator/storage/sqlite.js';
import { Store } from '../../orchestrator/storage/store.js';
import { pct } from './bench-stats.js';
import { benchPod as pod, tempDir } from '../unit/storage/helpers.js';

const PODS = 'core/pods';
const N = Number(process.env.BENCH_STORE_PODS ?? 2000);

function measure(sync: StoreSync) {
  const tmp = tempDir();
  const store = Store.open(tmp.file(), { sync });
  try {
    const create: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      store.create(PODS, pod(i));
      create.push(performance.now() - t);
    }
    const update: number[] = [];
    for (let i = 0; i < N; i++) {
      const o = store.get(PODS, `ns-${i % 5}`, `web-${i}`)!;
      o.status.phase = 'Succeeded';
      const t = performance.now();
      store.update(PODS, o, Number(o.metadata.resourceVersion));
      update.push(performance.now() - t);
    }
    const list: number[] = [];
    for (let r = 0; r < 10; r++) {
      const t = performance.now();
      store.list(PODS);
      list.push(performance.now() - t);
    }
    const r2 = (x: number) => +x.toFixed(2);
    return {
      sync,
      createP50: r2(pct(create, 50)),
      createP99: r2(pct(create, 99)),
      updateP50: r2(pct(update, 50)),
      updateP99: r2(pct(update, 99)),
      listMedian: r2(pct(list, 50)),
    };
  } finally {
    store.close();
    tmp.cleanup();
  }
}

const rows = (['normal', 'full'] as const).map(measure);
console.log(`store: ${N} pod creates then ${N} updates; list of ${N} (ms); target write p99 < 10`);
console.log(
  ['sync', 'create p50', 'create p99', 'update p50', 'update p99', 'list median']
    .map((h) => h.padStart(12))
    .join(''),
);
for (const r of rows)
  console.log(
    [r.sync, r.createP50, r.createP99, r.updateP50, r.updateP99, r.listMedian]
      .map((v) => String(v).padStart(12))
      .join(''),
  );
console.log(JSON.stringify({ pods: N, results: rows, targetWriteP99Ms: 10 }));
