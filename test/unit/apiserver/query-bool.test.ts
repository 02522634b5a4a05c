// Boolean query parameters follow apimachinery's conversion, not strconv.ParseBool.
import { describe, expect, it } from 'vitest';
import { queryBool, queryOptionalBool } from '../../../orchestrator/apiserver/query.js';
import { commandOptions } from '../../../orchestrator/apiserver/streaming/remotecommand.js';
import { requestLabels } from '../../../orchestrator/apiserver/prometheus.js';

const q = (s: string) => new URLSearchParams(s);

describe('queryBool', () => {
  it.each([
    ['watch=true', true],
    ['watch=True', true],
    ['watch=TRUE', true],
    ['watch=1', true],
    ['watch=yes', true],
    ['watch=no', true],
    ['watch=', true],
    ['watch', true],
    ['watch=false', false],
    ['watch=False', false],
    ['watch=FALSE', false],
    ['watch=0', false],
    ['', false],
    ['other=true', false],
  ])('%s → %s', (query, want) => {
    expect(queryBool(q(query), 'watch')).toBe(want);
  });

  it('the first of repeated values counts', () => {
    expect(queryBool(q('watch=false&watch=true'), 'watch')).toBe(false);
    expect(queryBool(q('watch=True&watch=0'), 'watch')).toBe(true);
  });

  it('optional form tells absent from false', () => {
    expect(queryOptionalBool(q(''), 'force')).toBeUndefined();
    expect(queryOptionalBool(q('force=False'), 'force')).toBe(false);
    expect(queryOptionalBool(q('force=True'), 'force')).toBe(true);
  });
});

describe('exec/attach flags as the Python client sends them', () => {
  it('stdout=True&stdin=True are true; tty=False is false', () => {
    const o = commandOptions(q('command=sh&stdin=True&stdout=True&stderr=True&tty=False'), true);
    expect(o).toMatchObject({ stdin: true, stdout: true, stderr: true, tty: false });
  });
  it('all three false still refuse', () => {
    expect(() => commandOptions(q('command=sh&stdout=False&stderr=0'), true)).toThrow(/at least 1 of/);
  });
});

describe('request labels for /metrics', () => {
  it('names verbs and scopes like upstream', () => {
    expect(requestLabels('GET', '/api/v1/namespaces/default/pods', q('watch=True'))).toMatchObject({
      verb: 'WATCH',
      resource: 'pods',
      scope: 'namespace',
    });
    expect(requestLabels('GET', '/apis/apps/v1/deployments', q(''))).toMatchObject({
      verb: 'LIST',
      group: 'apps',
      scope: 'cluster',
    });
    expect(
      requestLabels('PATCH', '/apis/apps/v1/namespaces/d/deployments/x/scale', q('dryRun=All')),
    ).toMatchObject({ verb: 'PATCH', subresource: 'scale', scope: 'resource', dry_run: 'All' });
    expect(requestLabels('DELETE', '/api/v1/namespaces/d/configmaps', q(''))).toMatchObject({
      verb: 'DELETECOLLECTION',
    });
    expect(requestLabels('GET', '/api/v1/namespaces/default', q(''))).toMatchObject({
      verb: 'GET',
      resource: 'namespaces',
      scope: 'resource',
    });
    expect(requestLabels('GET', '/apis', q(''))).toMatchObject({ verb: 'GET', resource: '' });
  });
});
