import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../orchestrator/api/patch/index.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { deployment, deployments } from './fixtures.js';

const JP = 'application/json-patch+json' as const;
const MP = 'application/merge-patch+json' as const;

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('JSON patch (RFC 6902)', () => {
  it('rollout undo: replaces /spec/template and /metadata/annotations', () => {
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:0' }] },
    };
    const annotations = { 'deployment.kubernetes.io/revision': '3' };
    const out = applyPatch(
      deployments,
      deployment(),
      JP,
      JSON.stringify([
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ]),
    );
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual(annotations);
    expect(out.spec.replicas).toBe(1);
  });

  it('supports add/remove/move/copy/test with pointer escaping and array append', () => {
    const out = applyPatch(
      deployments,
      deployment(),
      JP,
      JSON.stringify([
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'add', path: '/metadata/labels/a~1b', value: 'x' },
        { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'third', image: 'z' } },
        { op: 'remove', path: '/spec/template/spec/containers/1' },
        { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
        { op: 'move', from: '/spec/replicas', path: '/spec/moved' },
      ]),
    );
    expect(out.metadata.labels).toEqual({ app: 'web', 'a/b': 'x', copied: 'web' });
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['web', 'third']);
    expect(out.spec.moved).toBe(1);
    expect('replicas' in out.spec).toBe(false);
  });

  it('a failed test op is 422 with the evanphx message as the cause', () => {
    const e = statusOf(() =>
      applyPatch(
        deployments,
        deployment(),
        JP,
        JSON.stringify([{ op: 'test', path: '/spec/replicas', value: 3 }]),
      ),
    );
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('the server rejected our request due to an error in our request');
    expect(e.details?.causes?.[0]).toEqual({
      reason: 'UnexpectedServerResponse',
      message: 'testing value /spec/replicas failed: test failed',
    });
  });

  it('operations on missing paths are 422', () => {
    const rm = statusOf(() =>
      applyPatch(deployments, deployment(), JP, JSON.stringify([{ op: 'remove', path: '/spec/nope' }])),
    );
    expect(rm.code).toBe(422);
    expect(rm.details?.causes?.[0].message).toBe('Unable to remove nonexistent key: nope: missing value');
    const rep = statusOf(() =>
      applyPatch(deployments, deployment(), JP, JSON.stringify([{ op: 'replace', path: '/a/b', value: 1 }])),
    );
    expect(rep.details?.causes?.[0].message).toBe(
      'replace operation does not apply: doc is missing path: /a/b: missing value',
    );
    const bad = statusOf(() =>
      applyPatch(deployments, deployment(), JP, JSON.stringify([{ op: 'frob', path: '/a' }])),
    );
    expect(bad.details?.causes?.[0].message).toBe('Unexpected kind: frob');
  });

  it('undecodable patches are 400', () => {
    expect(statusOf(() => applyPatch(deployments, deployment(), JP, 'not json')).code).toBe(400);
    const obj = statusOf(() => applyPatch(deployments, deployment(), JP, '{"op":"add"}'));
    expect(obj.code).toBe(400);
    expect(obj.message).toContain('cannot unmarshal object');
  });

  it('changing kind is 422 Invalid on field patch', () => {
    const e = statusOf(() =>
      applyPatch(
        deployments,
        deployment(),
        JP,
        JSON.stringify([{ op: 'replace', path: '/kind', value: 'Pod' }]),
      ),
    );
    expect(e.code).toBe(422);
    expect(e.details?.causes?.[0].field).toBe('patch');
  });

  it('can rewrite managedFields (kubectl SSA migration sends such a patch)', () => {
    const cur = deployment();
    cur.metadata.managedFields = [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
    ];
    const mf = [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    const out = applyPatch(
      deployments,
      cur,
      JP,
      JSON.stringify([
        { op: 'test', path: '/metadata/resourceVersion', value: '10' },
        { op: 'replace', path: '/metadata/managedFields', value: mf },
      ]),
    );
    expect(out.metadata.managedFields).toEqual(mf);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('kubectl scale: {"spec":{"replicas":3}}', () => {
    const out = applyPatch(deployments, deployment(), MP, '{"spec":{"replicas":3}}');
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toHaveLength(2);
  });

  it('null deletes, lists are replaced, nested maps merge', () => {
    const out = applyPatch(
      deployments,
      deployment(),
      MP,
      JSON.stringify({
        metadata: { labels: { app: null, tier: 'fe' } },
        spec: { template: { spec: { containers: [{ name: 'x', image: 'y' }] } } },
      }),
    );
    expect(out.metadata.labels).toEqual({ tier: 'fe' });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'x', image: 'y' }]);
    expect(out.spec.template.spec.restartPolicy).toBe('Always');
  });

  it('invalid JSON is 400 "Invalid JSON Patch"; a non-object patch is 422', () => {
    const e = statusOf(() => applyPatch(deployments, deployment(), MP, '{'));
    expect(e.code).toBe(400);
    expect(e.message).toBe('Invalid JSON Patch');
    expect(statusOf(() => applyPatch(deployments, deployment(), MP, '[1,2]')).code).toBe(422);
  });

  it('does not share structure with the current object', () => {
    const cur = deployment();
    const out = applyPatch(deployments, cur, MP, '{"spec":{"replicas":2}}');
    out.spec.template.spec.containers[0].image = 'changed';
    expect(cur.spec.template.spec.containers[0].image).toBe('nginx:1');
  });
});
