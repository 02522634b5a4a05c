import { describe, expect, it } from 'vitest';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';
import { Backoff } from '../../../orchestrator/node/kubelet/backoff.js';
import {
  ImageManager,
  isValidImageName,
  pullPolicyOf,
  shouldPull,
} from '../../../orchestrator/node/kubelet/images.js';

const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' } };

function setup(localImagesFirst = true) {
  const clock = { t: 1_000_000, now: () => clock.t, setTimer: () => () => {} };
  const runtime = new FakeRuntime({ now: clock.now });
  const mgr = new ImageManager({
    runtime,
    clock,
    backoff: new Backoff({ initialMs: 10_000, maxMs: 300_000 }, clock),
    localImagesFirst,
  });
  const events: [string, string, string][] = [];
  const emit = (t: 'Normal' | 'Warning', r: string, m: string) => void events.push([t, r, m]);
  return { clock, runtime, mgr, events, emit };
}

describe('pull policy', () => {
  it('defaults by tag and decides pulls', () => {
    expect(pullPolicyOf({ image: 'nginx' })).toBe('Always');
    expect(pullPolicyOf({ image: 'nginx:latest' })).toBe('Always');
    expect(pullPolicyOf({ image: 'nginx:1.25' })).toBe('IfNotPresent');
    expect(pullPolicyOf({ image: 'nginx:1.25', imagePullPolicy: 'Never' })).toBe('Never');
    expect(shouldPull('Always', true)).toBe(true);
    expect(shouldPull('IfNotPresent', true)).toBe(false);
    expect(shouldPull('IfNotPresent', false)).toBe(true);
    expect(shouldPull('Never', false)).toBe(false);
    expect(isValidImageName('registry.local:5000/team/app:v1')).toBe(true);
    expect(isValidImageName('Bad/Name')).toBe(false);
  });
});

describe('ImageManager', () => {
  it('IfNotPresent with the image present does not pull', async () => {
    const s = setup();
    s.runtime.addImage('app:v1');
    const r = await s.mgr.ensureImage(pod, { image: 'app:v1' }, s.emit);
    expect(r.ok).toBe(true);
    expect(s.runtime.calls.some((c) => c.op === 'pullImage')).toBe(false);
    expect(s.events).toEqual([['Normal', 'Pulled', 'Container image "app:v1" already present on machine']]);
  });

  it('pulls a missing image and reports the duration', async () => {
    const s = setup();
    s.runtime.addToRegistry('app:v2');
    const r = await s.mgr.ensureImage(pod, { image: 'app:v2' }, s.emit);
    expect(r.ok).toBe(true);
    expect(s.events.map((e) => e[1])).toEqual(['Pulling', 'Pulled']);
    expect(s.events[1][2]).toMatch(/^Successfully pulled image "app:v2" in \S+ \(\S+ including waiting\)$/);
  });

  it('ErrImagePull then ImagePullBackOff until the back-off passes', async () => {
    const s = setup();
    const c = { image: 'does-not-exist:v9' };
    const r1 = await s.mgr.ensureImage(pod, c, s.emit);
    expect(r1).toMatchObject({ ok: false, reason: 'ErrImagePull' });
    expect(s.events.map((e) => e[1])).toEqual(['Pulling', 'Failed']);
    expect(s.events[1][2]).toMatch(/^Failed to pull image "does-not-exist:v9": /);
    const r2 = await s.mgr.ensureImage(pod, c, s.emit);
    expect(r2).toEqual({
      ok: false,
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "does-not-exist:v9"',
    });
    s.clock.t += 10_000;
    const r3 = await s.mgr.ensureImage(pod, c, s.emit);
    expect(r3).toMatchObject({ reason: 'ErrImagePull' });
    // The second failure doubled the pull back-off.
    expect(s.mgr.retryAt(pod, c.image)).toBe(s.clock.t + 20_000);
  });

  it('local images first: a local-only latest image runs with a Normal event', async () => {
    const s = setup(true);
    s.runtime.addImage('mine:latest');
    const r = await s.mgr.ensureImage(pod, { image: 'mine:latest' }, s.emit);
    expect(r.ok).toBe(true);
    const last = s.events.at(-1)!;
    expect(last[0]).toBe('Normal');
    expect(last[2]).toContain('local images first');
    expect(s.events.some((e) => e[0] === 'Warning')).toBe(false);
  });

  it('with local images first off, a failed pull of a local image fails like upstream', async () => {
    const s = setup(false);
    s.runtime.addImage('mine:latest');
    const r = await s.mgr.ensureImage(pod, { image: 'mine:latest' }, s.emit);
    expect(r).toMatchObject({ ok: false, reason: 'ErrImagePull' });
  });

  it('Never with a missing image → ErrImageNeverPull', async () => {
    const s = setup();
    const r = await s.mgr.ensureImage(pod, { image: 'gone:v1', imagePullPolicy: 'Never' }, s.emit);
    expect(r).toEqual({
      ok: false,
      reason: 'ErrImageNeverPull',
      message: 'Container image "gone:v1" is not present with pull policy of Never',
    });
    expect(s.events).toEqual([
      ['Warning', 'ErrImageNeverPull', 'Container image "gone:v1" is not present with pull policy of Never'],
    ]);
  });

  it('invalid names → InvalidImageName without pulling', async () => {
    const s = setup();
    const r = await s.mgr.ensureImage(pod, { image: 'UPPER:case' }, s.emit);
    expect(r).toMatchObject({ ok: false, reason: 'InvalidImageName' });
    expect(s.runtime.calls.some((c) => c.op === 'pullImage')).toBe(false);
  });
});
