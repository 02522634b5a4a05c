import { describe, expect, it } from 'vitest';
import { pullFailure, splitImageRef } from '../../../orchestrator/runtime/images.js';

describe('image references', () => {
  it.each([
    ['nginx', { repo: 'nginx', tag: 'latest' }],
    ['nginx:1.27', { repo: 'nginx', tag: '1.27' }],
    ['registry.k8s.io/pause:3.10', { repo: 'registry.k8s.io/pause', tag: '3.10' }],
    ['localhost:5000/team/app', { repo: 'localhost:5000/team/app', tag: 'latest' }],
    [
      `busybox@sha256:${'a'.repeat(64)}`,
      { repo: 'busybox', tag: 'latest', digest: `sha256:${'a'.repeat(64)}` },
    ],
    ['kubedeck-test/node:22d000ea09f6', { repo: 'kubedeck-test/node', tag: '22d000ea09f6' }],
  ])('parses %s', (ref, want) => {
    expect(splitImageRef(ref)).toEqual(want);
  });

  it.each(['', 'Nginx', 'nginx:', 'nginx::1', 'a b', 'nginx:-bad', 'UPPER/app:v1', '/leading'])(
    'rejects %j',
    (ref) => {
      expect(splitImageRef(ref)).toBeUndefined();
    },
  );
});

describe('pull failure classification', () => {
  it('maps engine messages to reasons', () => {
    expect(
      pullFailure(
        'x',
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
        500,
      ).reason,
    ).toBe('Unreachable');
    expect(pullFailure('x', 'manifest for x:v9 not found: manifest unknown', 404).reason).toBe('NotFound');
    expect(
      pullFailure('x', 'pull access denied for x, repository does not exist or may require docker login', 404)
        .reason,
    ).toBe('NotFound');
    expect(pullFailure('x', 'invalid reference format: repository name must be lowercase', 400).reason).toBe(
      'InvalidName',
    );
    expect(pullFailure('x', 'unauthorized: authentication required', 401).reason).toBe('Unauthorized');
    expect(pullFailure('x', 'something odd', 500).reason).toBe('Other');
  });
});
