// Pods of a node start a few at a time, first come first served; a slot held too long is given
// up so one slow start cannot block the rest.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../orchestrator/client/clock.js';
import type { Clock } from '../../../orchestrator/node/kubelet/clock.js';
import { StartGate } from '../../../orchestrator/node/kubelet/start-gate.js';

/** The kubelet's Clock over the client's FakeClock: timers fire only when the test advances it. */
function manualClock() {
  const fc = new FakeClock();
  const clock: Clock = {
    now: () => fc.now(),
    setTimer(ms, fn) {
      const h = fc.setTimeout(fn, ms);
      return () => fc.clearTimeout(h);
    },
  };
  return { clock, advance: (ms: number) => fc.advance(ms), pending: () => fc.pending };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('StartGate', () => {
  it('lets `concurrency` pods through, then one per release, in arrival order', async () => {
    const { clock } = manualClock();
    const gate = new StartGate({ concurrency: 2, holdMs: 3000 }, clock);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    for (const name of ['a', 'b', 'c', 'd'])
      void gate.acquire().then((release) => {
        order.push(name);
        releases.set(name, release);
      });
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(gate.queued).toBe(2);
    releases.get('b')!();
    releases.get('b')!(); // a second release of the same slot is ignored
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(gate.queued).toBe(1);
    releases.get('a')!();
    await tick();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    releases.get('c')!();
    releases.get('d')!();
    // All slots free again: the next two go straight through.
    const e = await gate.acquire();
    const f = await gate.acquire();
    expect(gate.queued).toBe(0);
    e();
    f();
  });

  it('gives a slot up after holdMs, so a slow start delays the queue but never blocks it', async () => {
    const { clock, advance, pending } = manualClock();
    const gate = new StartGate({ concurrency: 1, holdMs: 3000 }, clock);
    const slow = await gate.acquire();
    let next = false;
    void gate.acquire().then(() => (next = true));
    advance(2999);
    await tick();
    expect(next).toBe(false);
    advance(1);
    await tick();
    expect(next).toBe(true);
    slow(); // the late release of the expired slot frees nothing twice
    expect(gate.queued).toBe(0);
    expect(pending()).toBe(1); // only the second holder's timer
  });

  it('concurrency 0 turns the gate off', async () => {
    const { clock, pending } = manualClock();
    const gate = new StartGate({ concurrency: 0, holdMs: 3000 }, clock);
    const all = await Promise.all(Array.from({ length: 50 }, () => gate.acquire()));
    expect(all).toHaveLength(50);
    expect(gate.queued).toBe(0);
    expect(pending()).toBe(0);
  });
});
