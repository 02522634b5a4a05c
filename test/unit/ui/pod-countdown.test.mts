// The CrashLoopBackOff countdown: the retry time derived from the kubelet's waiting message and
// the last exit, its text, and the chips sharing one 1 s ticker that stops when none needs it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../../../renderer/src/router.js';
import PodChip from '../../../renderer/src/components/PodChip.vue';
import { nextRetry, parseGoDuration, podView, retryText } from '../../../renderer/src/model/pod-state.js';
import { tickerState } from '../../../renderer/src/model/now.js';
import { pod } from './fake-bridge.mjs';

const T0 = Date.parse('2024-05-01T10:00:00Z');

/** A pod whose container last exited at `finishedAt` and now waits out `backoff` (kubelet form). */
function crashing(name: string, backoff: string, finishedAt: string, restartCount = 4) {
  return pod(name, 1, {
    nodeName: 'w1',
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'c',
          ready: false,
          restartCount,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${backoff} restarting failed container=c pod=${name}_default(uid-${name})`,
            },
          },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt } },
        },
      ],
    },
  });
}

describe('crash-loop retry time', () => {
  it('parses Go durations as the kubelet prints them', () => {
    expect(parseGoDuration('10s')).toBe(10_000);
    expect(parseGoDuration('5m0s')).toBe(300_000);
    expect(parseGoDuration('2m40s')).toBe(160_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1h0m0s')).toBe(3_600_000);
    expect(parseGoDuration('soon')).toBeUndefined();
    expect(parseGoDuration('')).toBeUndefined();
  });

  it('is the last exit plus the back-off in the waiting message', () => {
    const p = crashing('a', '40s', '2024-05-01T10:00:00Z');
    expect(nextRetry(p.status.containerStatuses)).toBe(T0 + 40_000);
    expect(podView(p)).toMatchObject({ status: 'CrashLoopBackOff', restarts: 4, retryAt: T0 + 40_000 });
    // Kubelets before 1.14 capitalised it.
    p.status.containerStatuses[0].state.waiting.message = 'Back-off 5m0s restarting failed container=c pod=a';
    expect(nextRetry(p.status.containerStatuses)).toBe(T0 + 300_000);
  });

  it('is unknown without the duration or the last exit, and absent outside CrashLoopBackOff', () => {
    const noDuration = crashing('a', '40s', '2024-05-01T10:00:00Z');
    noDuration.status.containerStatuses[0].state.waiting.message = 'Back-off restarting failed container';
    expect(podView(noDuration).retryAt).toBeUndefined();
    const noExit = crashing('b', '40s', '2024-05-01T10:00:00Z');
    delete noExit.status.containerStatuses[0].lastState;
    expect(podView(noExit).retryAt).toBeUndefined();
    expect(podView(pod('c', 1)).retryAt).toBeUndefined();
  });

  it('reads "retry in 7s", minutes past a minute, then "retrying…"', () => {
    expect(retryText(T0 + 7000, T0)).toBe('retry in 7s');
    expect(retryText(T0 + 6200, T0)).toBe('retry in 7s'); // rounds up: never says 0s early
    expect(retryText(T0 + 260_000, T0)).toBe('retry in 4m20s');
    expect(retryText(T0 + 65_000, T0)).toBe('retry in 1m05s');
    expect(retryText(T0, T0)).toBe('retrying…');
    expect(retryText(T0 - 3000, T0)).toBe('retrying…');
    expect(retryText(T0 + 7000, T0, true)).toBe('7s'); // compact chips
    expect(retryText(T0 + 260_000, T0, true)).toBe('4m20s');
    expect(retryText(T0, T0, true)).toBe('now');
  });
});

describe('PodChip countdown', () => {
  const router = createAppRouter(createMemoryHistory());
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('counts down live, every chip on one shared ticker that stops with the last countdown', async () => {
    const healthy = mount(PodChip, { props: { pod: pod('c', 1) }, global: { plugins: [router] } });
    await flushPromises(); // the router's first navigation settles before timers are counted
    const timersBefore = vi.getTimerCount();
    // Exited 3 s ago with a 10 s back-off: 7 s left.
    const a = mount(PodChip, {
      props: { pod: Object.freeze(crashing('a', '10s', new Date(T0 - 3000).toISOString())) },
      global: { plugins: [router] },
    });
    expect(vi.getTimerCount()).toBe(timersBefore + 1);
    // Another, 20 s from its exit: the same ticker.
    const b = mount(PodChip, {
      props: { pod: Object.freeze(crashing('b', '20s', new Date(T0).toISOString())), compact: true },
      global: { plugins: [router] },
    });
    expect(vi.getTimerCount()).toBe(timersBefore + 1);
    expect(a.get('[data-testid=retry]').text()).toBe('retry in 7s');
    expect(a.text()).toContain('↻4');
    expect(a.attributes('title')).toBe('default/a: CrashLoopBackOff (0/1 ready, 4 restarts)');
    expect(b.get('[data-testid=retry]').text()).toBe('20s'); // compact: just the time
    expect(healthy.find('[data-testid=retry]').exists()).toBe(false);
    expect(tickerState()).toEqual({ users: 2, running: true });

    await vi.advanceTimersByTimeAsync(3000);
    expect(a.get('[data-testid=retry]').text()).toBe('retry in 4s');
    expect(b.get('[data-testid=retry]').text()).toBe('17s');
    await vi.advanceTimersByTimeAsync(5000);
    expect(a.get('[data-testid=retry]').text()).toBe('retrying…');

    // The kubelet restarted it: no countdown, and that chip lets go of the ticker.
    await a.setProps({ pod: Object.freeze(pod('a', 2)) });
    expect(a.find('[data-testid=retry]').exists()).toBe(false);
    expect(tickerState()).toEqual({ users: 1, running: true });
    const timersNow = vi.getTimerCount();
    b.unmount();
    expect(tickerState()).toEqual({ users: 0, running: false });
    expect(vi.getTimerCount()).toBe(timersNow - 1); // the interval is cleared
    a.unmount();
    healthy.unmount();
  });
});
