import { describe, expect, it } from 'vitest';
import { podView, age } from '../../../renderer/src/model/pod-state.js';
import { pod } from './fake-bridge.mjs';

describe('podView', () => {
  const waiting = (reason: string, restartCount = 0) => ({
    phase: 'Pending',
    containerStatuses: [{ name: 'c', ready: false, restartCount, state: { waiting: { reason } } }],
  });

  it('matches the STATUS kubectl prints, with a colour per state', () => {
    expect(podView(pod('a', 1))).toMatchObject({ status: 'Running', tone: 'running', ready: '1/1' });
    expect(podView(pod('a', 1, { status: { phase: 'Pending' } }))).toMatchObject({
      status: 'Pending',
      tone: 'pending',
    });
    expect(podView(pod('a', 1, { nodeName: 'n1', status: { phase: 'Pending' } }))).toMatchObject({
      status: 'ContainerCreating',
      tone: 'creating',
    });
    expect(podView(pod('a', 1, { status: waiting('CrashLoopBackOff', 4) }))).toMatchObject({
      status: 'CrashLoopBackOff',
      tone: 'crash',
      restarts: 4,
    });
    expect(podView(pod('a', 1, { status: waiting('ImagePullBackOff') }))).toMatchObject({ tone: 'image' });
    expect(podView(pod('a', 1, { status: waiting('ErrImagePull') }))).toMatchObject({ tone: 'image' });
    expect(podView(pod('a', 1, { metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }))).toMatchObject({
      status: 'Terminating',
      tone: 'terminating',
    });
    expect(podView(pod('a', 1, { status: { phase: 'Succeeded' } }))).toMatchObject({ status: 'Completed' });
  });

  it('formats ages like kubectl', () => {
    const now = Date.parse('2024-01-01T01:00:00Z');
    expect(age('2024-01-01T00:59:30Z', now)).toBe('30s');
    expect(age('2024-01-01T00:30:00Z', now)).toBe('30m');
    expect(age('2023-12-31T00:00:00Z', now)).toBe('25h');
  });
});
