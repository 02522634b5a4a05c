import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleReporter, formatDuration, formatStatus } from '../../../orchestrator/cli/output.js';

function capture() {
  const s = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (s as unknown as PassThrough).on('data', (d) => (text += d));
  return { s, text: () => text };
}

describe('cli output', () => {
  it('steps print a check mark, the (possibly renamed) label and a duration', async () => {
    const c = capture();
    const r = new ConsoleReporter(c.s);
    expect(
      await r.step(
        'Waiting',
        () => Promise.resolve(42),
        (n) => `Ready with ${n}`,
      ),
    ).toBe(42);
    await expect(r.step('Failing', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(c.text()).toMatch(/^✓ Ready with 42 \(\d+ ms\)\n✗ Failing \(\d+ ms\)\n$/);
  });

  it('durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(125)).toBe('2m 5s');
    expect(formatDuration(3 * 3600 + 61)).toBe('3h 1m 1s');
    expect(formatDuration(2 * 86400 + 3600)).toBe('2d 1h 0m');
  });

  it('status text for running, stopped and absent clusters', () => {
    const base = {
      name: 'dev',
      context: 'kubedeck-dev',
      stateDir: '/h/clusters/dev',
      kubeconfig: '/h/clusters/dev/kubeconfig',
      nodes: 0,
    };
    const running = formatStatus({
      ...base,
      status: 'running',
      url: 'https://127.0.0.1:40000',
      pid: 7,
      uptimeSeconds: 65,
    });
    expect(running).toMatch(/Status: +running/);
    expect(running).toMatch(/API: +https:\/\/127\.0\.0\.1:40000/);
    expect(running).toMatch(/PID: +7/);
    expect(running).toMatch(/Uptime: +1m 5s/);
    expect(formatStatus({ ...base, status: 'stopped', staleLock: 'pid 9 is not running' })).toMatch(
      /stale lock[\s\S]*kubedeck start --name dev/,
    );
    expect(formatStatus({ ...base, name: 'kubedeck', status: 'absent' })).toMatch(
      /Create it with: kubedeck start\n$/,
    );
  });
});
