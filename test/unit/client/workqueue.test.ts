import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../orchestrator/client/clock.js';
import { runWorker, WorkQueue } from '../../../orchestrator/client/workqueue.js';

const flush = () => new Promise((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('processes a key queued twice while waiting once', async () => {
    const q = new WorkQueue({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });

  it('re-processes a key re-added while being processed, after done()', async () => {
    const q = new WorkQueue({ clock: new FakeClock() });
    q.add('a');
    const item = await q.get();
    q.add('a');
    q.add('a');
    expect(q.length).toBe(0); // not handed out twice concurrently
    q.done(item!);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('hands items to a waiting get()', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
  });

  it('backs off per key exponentially from 5 ms and resets on forget', () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const when: number[] = [];
    for (let i = 0; i < 4; i++) {
      q.addRateLimited('k');
      const start = clock.now();
      while (q.length === 0 && clock.now() - start < 1000) clock.advance(1);
      when.push(clock.now() - start);
      void q.get(); // takes it synchronously
      q.done('k');
    }
    expect(when).toEqual([5, 10, 20, 40]);
    expect(q.numRequeues('k')).toBe(4);
    expect(q.numRequeues('other')).toBe(0);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('caps the backoff at maxDelayMs', () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, baseDelayMs: 100, maxDelayMs: 300 });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      q.addRateLimited('k');
      const start = clock.now();
      while (q.length === 0 && clock.now() - start < 10_000) clock.advance(10);
      delays.push(clock.now() - start);
      void q.get();
      q.done('k');
    }
    expect(delays).toEqual([100, 200, 300, 300]);
  });

  it('addAfter fires at the requested time and keeps the earliest of two', () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    clock.advance(49);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.length).toBe(1);
    clock.advance(1000);
    expect(q.length).toBe(1); // the later timers were replaced, not added
    expect(clock.pending).toBe(0);
  });

  it('shutdown releases waiting getters and drops delayed items', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const p = q.get();
    q.addAfter('late', 10);
    q.shutdown();
    expect(await p).toBeUndefined();
    clock.advance(100);
    q.add('x');
    expect(q.length).toBe(0);
    expect(await q.get()).toBeUndefined();
  });

  it('runWorker retries failed items with backoff and forgets successes', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const seen: string[] = [];
    let failures = 2;
    const loop = runWorker(q, (k: string) => {
      seen.push(k);
      if (k === 'bad' && failures-- > 0) throw new Error('boom');
    });
    q.add('ok');
    q.add('bad');
    await flush();
    expect(seen).toEqual(['ok', 'bad']);
    expect(q.numRequeues('bad')).toBe(1);
    clock.advance(5);
    await flush();
    expect(seen).toEqual(['ok', 'bad', 'bad']);
    clock.advance(9);
    await flush();
    expect(seen.length).toBe(3); // second retry waits 10 ms
    clock.advance(1);
    await flush();
    expect(seen).toEqual(['ok', 'bad', 'bad', 'bad']);
    expect(q.numRequeues('bad')).toBe(0); // forgotten after success
    q.shutdown();
    await loop;
  });
});
