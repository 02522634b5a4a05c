import { describe, expect, it } from 'vitest';
import { Backoff, crashLoopMessage, goDuration } from '../../../orchestrator/node/kubelet/backoff.js';

function fakeNow(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('Backoff', () => {
  it('doubles from 10s to the 300s cap', () => {
    const clock = fakeNow();
    const b = new Backoff({ initialMs: 10_000, maxMs: 300_000 }, clock);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('k', clock.now());
      seen.push(b.get('k') / 1000);
      clock.t += 1000;
    }
    expect(seen).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('is in back-off until the delay after the event has passed', () => {
    const clock = fakeNow();
    const b = new Backoff({ initialMs: 10_000, maxMs: 300_000 }, clock);
    const finished = clock.now();
    expect(b.isInBackOffSince('k', finished)).toBe(false);
    b.next('k', finished);
    clock.t += 9_999;
    expect(b.isInBackOffSince('k', finished)).toBe(true);
    clock.t += 1;
    expect(b.isInBackOffSince('k', finished)).toBe(false);
  });

  it('resets after 2×cap without a bump (≈10 min running)', () => {
    const clock = fakeNow();
    const b = new Backoff({ initialMs: 10_000, maxMs: 300_000 }, clock);
    for (let i = 0; i < 4; i++) b.next('k', clock.now());
    expect(b.get('k')).toBe(80_000);
    clock.t += 600_000;
    b.next('k', clock.now()); // exactly 2×cap is not yet expired
    expect(b.get('k')).toBe(160_000);
    clock.t += 600_001;
    b.next('k', clock.now());
    expect(b.get('k')).toBe(10_000);
  });

  it('update-based back-off for image pulls', () => {
    const clock = fakeNow();
    const b = new Backoff({ initialMs: 1000, maxMs: 4000 }, clock);
    b.next('img');
    expect(b.isInBackOffSinceUpdate('img')).toBe(true);
    clock.t += 1000;
    expect(b.isInBackOffSinceUpdate('img')).toBe(false);
  });

  it('formats like Go durations and upstream messages', () => {
    expect(goDuration(10_000)).toBe('10s');
    expect(goDuration(160_000)).toBe('2m40s');
    expect(goDuration(300_000)).toBe('5m0s');
    expect(goDuration(1_500)).toBe('1.5s');
    expect(goDuration(250)).toBe('250ms');
    expect(crashLoopMessage(40_000, 'app', { metadata: { name: 'p', namespace: 'default', uid: 'u' } })).toBe(
      'back-off 40s restarting failed container=app pod=p_default(u)',
    );
  });
});
