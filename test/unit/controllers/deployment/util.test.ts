// Pure helpers: fenceposts, template hash, template equality.
import { describe, expect, it } from 'vitest';
import {
  computeHash,
  equalIgnoreHash,
  fnv32a,
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
} from '../../../../orchestrator/controllers/deployment/util.js';
import { deployment, rolling } from './helpers.js';

describe('resolveFenceposts', () => {
  it('rounds surge up and unavailable down (25% defaults)', () => {
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
  });
  it('never lets both be zero', () => {
    expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('0%', '0%', 5)).toEqual({ surge: 0, unavailable: 1 });
  });
  it('takes absolute numbers as they are and caps unavailable at replicas', () => {
    expect(resolveFenceposts(3, 2, 10)).toEqual({ surge: 3, unavailable: 2 });
    const d = deployment('x', 2, rolling(0, 5));
    expect(maxUnavailable(d)).toBe(2);
    expect(maxSurge(d)).toBe(0);
  });
  it('Recreate has no surge and no unavailability budget', () => {
    const d = deployment('x', 4, { strategy: { type: 'Recreate' } });
    expect(maxSurge(d)).toBe(0);
    expect(maxUnavailable(d)).toBe(0);
  });
  it('rejects a malformed value', () => {
    expect(() => resolveFenceposts('x%', 1, 4)).toThrow(/invalid value/);
  });
});

describe('pod-template-hash', () => {
  const t = deployment('web', 1).spec.template;
  it('is FNV-32a (known vectors)', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });
  it('is stable, uses the safe alphabet and changes with the collision count', () => {
    const h = computeHash(t);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash(t, 1)).toBe(computeHash(t, 1));
  });
  it('ignores key order and the pod-template-hash label itself', () => {
    const reordered = { spec: t.spec, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(computeHash(reordered)).toBe(computeHash(t));
  });
  it('differs for a different image', () => {
    const t2 = structuredClone(t);
    t2.spec.containers[0].image = 'img:v2';
    expect(computeHash(t2)).not.toBe(computeHash(t));
  });
});

describe('equalIgnoreHash', () => {
  const t = deployment('web', 1).spec.template;
  it('treats templates differing only by pod-template-hash (and empty maps) as equal', () => {
    const withHash = structuredClone(t);
    withHash.metadata.labels['pod-template-hash'] = 'xyz';
    withHash.metadata.annotations = {};
    expect(equalIgnoreHash(t, withHash)).toBe(true);
  });
  it('sees any other difference', () => {
    const other = structuredClone(t);
    other.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': 'now' };
    expect(equalIgnoreHash(t, other)).toBe(false);
  });
});
