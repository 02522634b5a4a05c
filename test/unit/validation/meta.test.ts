import { describe, expect, it } from 'vitest';
import { create, info, lines, fields, update } from './helpers.js';
import { isDNS1123Label, isQualifiedName } from '../../../orchestrator/api/validation/names.js';

const cm = info('', 'v1', 'configmaps');
const ns = info('', 'v1', 'namespaces');
const svc = info('', 'v1', 'services');

describe('object metadata', () => {
  it('requires a name unless generateName is set', () => {
    expect(lines(create(cm, { metadata: { namespace: 'default' } }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(create(cm, { metadata: { generateName: 'cfg-', namespace: 'default' } })).toEqual([]);
  });

  it('names most kinds as RFC 1123 subdomains with the upstream message', () => {
    expect(lines(create(cm, { metadata: { name: 'Bad_Name', namespace: 'default' } }))).toEqual([
      `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
    expect(create(cm, { metadata: { name: 'a.b-c', namespace: 'default' } })).toEqual([]);
  });

  it('namespaces are RFC 1123 labels (dots rejected)', () => {
    expect(lines(create(ns, { metadata: { name: 'a.b' } }))).toEqual([
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
    expect(lines(create(ns, { metadata: { name: 'UP' } }))[0]).toBe(
      `metadata.name: Invalid value: "UP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('services are DNS-1035 labels (no leading digit)', () => {
    const errs = create(svc, {
      metadata: { name: '1web', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(lines(errs)).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('needs a namespace for namespaced kinds and forbids one for cluster-scoped kinds', () => {
    expect(lines(create(cm, { metadata: { name: 'x' } }))).toEqual(['metadata.namespace: Required value']);
    expect(lines(create(ns, { metadata: { name: 'x', namespace: 'default' } }))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('checks label keys and values at metadata.labels', () => {
    const errs = create(cm, {
      metadata: { name: 'x', namespace: 'default', labels: { 'a/b/c': 'v', ok: 'bad value!' } },
    });
    expect(fields(errs)).toEqual(['FieldValueInvalid metadata.labels', 'FieldValueInvalid metadata.labels']);
    expect(lines(errs)[1]).toBe(
      `metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(
      lines(create(cm, { metadata: { name: 'x', namespace: 'default', labels: { k: 'v'.repeat(64) } } }))[0],
    ).toContain('must be no more than 63 characters');
  });

  it('limits total annotation size to 256 KiB', () => {
    const big = { a: 'x'.repeat(256 * 1024) };
    expect(lines(create(cm, { metadata: { name: 'x', namespace: 'default', annotations: big } }))).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });

  it('qualified names: prefix and name parts', () => {
    expect(isQualifiedName('example.com/MyName')).toEqual([]);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Bad_/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(isQualifiedName('x/')).toEqual([
      'name part must be non-empty',
      expect.stringMatching(/^name part must consist/),
    ]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('name and namespace are immutable on update', () => {
    const old = { metadata: { name: 'x', namespace: 'default', uid: 'u1' } };
    expect(lines(update(cm, { metadata: { name: 'x', namespace: 'default', uid: 'u2' } }, old))).toEqual([
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });
});
