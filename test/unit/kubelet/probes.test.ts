import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../../orchestrator/node/kubelet/clock.js';
import type { ProbeTransport } from '../../../orchestrator/node/kubelet/probe-transport.js';
import { ContainerProbes, ProbeWorker, runProbe } from '../../../orchestrator/node/kubelet/probes.js';

function transport(codes: () => number): ProbeTransport & { hits: number } {
  const t = {
    hits: 0,
    http() {
      t.hits++;
      return Promise.resolve({ statusCode: codes() });
    },
    tcp(host: string, port: number) {
      if (port !== 80)
        return Promise.reject(new Error(`dial tcp ${host}:${port}: connect: connection refused`));
      return Promise.resolve();
    },
    exec(_id: string, cmd: string[]) {
      return Promise.resolve({
        exitCode: cmd[0] === 'ok' ? 0 : 1,
        output: cmd[0] === 'ok' ? '' : 'not ready\n',
      });
    },
  };
  return t;
}

describe('runProbe', () => {
  it('http, tcp and exec outcomes with upstream messages', async () => {
    const t = transport(() => 500);
    expect(
      await runProbe(
        { httpGet: { port: 'http', path: '/healthz' } },
        { containerId: 'c', podIP: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] },
        t,
      ),
    ).toEqual({
      result: 'failure',
      output: 'HTTP probe failed with statuscode: 500',
    });
    expect(
      (await runProbe({ tcpSocket: { port: 80 } }, { containerId: 'c', podIP: '10.0.0.1' }, t)).result,
    ).toBe('success');
    expect(await runProbe({ tcpSocket: { port: 81 } }, { containerId: 'c', podIP: '10.0.0.1' }, t)).toEqual({
      result: 'failure',
      output: 'dial tcp 10.0.0.1:81: connect: connection refused',
    });
    expect((await runProbe({ exec: { command: ['ok'] } }, { containerId: 'c' }, t)).result).toBe('success');
    expect((await runProbe({ exec: { command: ['no'] } }, { containerId: 'c' }, t)).output).toBe(
      'not ready\n',
    );
  });
});

describe('ProbeWorker thresholds', () => {
  let now = 0;
  const clock = { now: () => now, setTimer: () => () => {} };
  const mk = (
    kind: 'liveness' | 'readiness' | 'startup',
    probe: Record<string, any>,
    codes: () => number,
    started = () => true,
  ) => {
    const events: string[] = [];
    const changes: string[] = [];
    const w = new ProbeWorker(
      kind,
      { httpGet: { port: 80 }, ...probe },
      { containerId: 'c', podIP: '10.0.0.1' },
      0,
      {
        clock,
        transport: transport(codes),
        onEvent: (_t, r, m) => events.push(`${r}: ${m}`),
        onChange: (_k, r) => changes.push(r),
        isStarted: started,
      },
    );
    return { w, events, changes };
  };

  it('readiness starts failed and needs successThreshold successes', async () => {
    now = 100_000;
    const { w, changes } = mk('readiness', { successThreshold: 2, failureThreshold: 3 }, () => 200);
    expect(w.result).toBe('failure');
    await w.doProbe();
    expect(w.result).toBe('failure');
    await w.doProbe();
    expect(w.result).toBe('success');
    expect(changes).toEqual(['success']);
  });

  it('liveness starts healthy, fails after failureThreshold, then holds', async () => {
    now = 100_000;
    let code = 500;
    const { w, events, changes } = mk('liveness', { failureThreshold: 3 }, () => code);
    expect(w.result).toBe('success');
    await w.doProbe();
    await w.doProbe();
    expect(w.result).toBe('success');
    await w.doProbe();
    expect(w.result).toBe('failure');
    expect(changes).toEqual(['failure']);
    expect(events).toEqual(
      Array(3).fill('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500'),
    );
    code = 200;
    await w.doProbe(); // on hold until the container is replaced
    expect(w.result).toBe('failure');
    expect(events).toHaveLength(3);
  });

  it('initialDelaySeconds and startup gating skip probes', async () => {
    now = 5_000;
    const t = { started: false };
    const { w, events } = mk(
      'liveness',
      { initialDelaySeconds: 10, failureThreshold: 1 },
      () => 500,
      () => t.started,
    );
    await w.doProbe();
    expect(events).toHaveLength(0); // 5 s < 10 s initial delay
    now = 20_000;
    await w.doProbe();
    expect(events).toHaveLength(0); // startup probe not yet succeeded
    t.started = true;
    await w.doProbe();
    expect(w.result).toBe('failure');
  });
});

describe('ContainerProbes on timers', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('probes every periodSeconds and publishes readiness', async () => {
    let code = 503;
    const t = transport(() => code);
    const changes: string[] = [];
    const probes = new ContainerProbes(
      'c1',
      {
        readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
      },
      { containerId: 'c1', podIP: '10.0.0.1' },
      Date.now(),
      { clock: realClock, transport: t, onEvent: () => {}, onChange: (k, r) => changes.push(`${k}=${r}`) },
    );
    probes.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.hits).toBe(1);
    expect(probes.ready()).toBe(false);
    code = 200;
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.hits).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.hits).toBe(2);
    expect(probes.ready()).toBe(true);
    expect(changes).toEqual(['readiness=success']);
    probes.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.hits).toBe(2);
  });
});
