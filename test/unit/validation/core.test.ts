import { describe, expect, it } from 'vitest';
import { create, fields, info, lines, update } from './helpers.js';

const cms = info('', 'v1', 'configmaps');
const secrets = info('', 'v1', 'secrets');
const nss = info('', 'v1', 'namespaces');
const nodes = info('', 'v1', 'nodes');
const events = info('', 'v1', 'events');
const newEvents = info('events.k8s.io', 'v1', 'events');
const m = { name: 'x', namespace: 'default' };

describe('configmaps', () => {
  it('keys must be valid config keys', () => {
    expect(lines(create(cms, { metadata: m, data: { 'bad key': 'v', '..a': 'v', ok: 'v' } }))).toEqual([
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      `data[..a]: Invalid value: "..a": must not start with '..'`,
    ]);
  });

  it('total size is capped at 1 MiB', () => {
    expect(fields(create(cms, { metadata: m, data: { a: 'x'.repeat(1024 * 1024 + 1) } }))).toEqual([
      'FieldValueTooLong ',
    ]);
  });

  it('immutable configmaps reject data changes', () => {
    const old = { metadata: m, immutable: true, data: { a: '1' } };
    expect(lines(update(cms, { metadata: m, immutable: true, data: { a: '2' } }, old))).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(lines(update(cms, { metadata: m, data: { a: '1' } }, old))).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('secrets', () => {
  it('type is immutable and typed secrets need their keys', () => {
    expect(
      lines(create(secrets, { metadata: m, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } })),
    ).toEqual(['data[tls.key]: Required value']);
    expect(
      lines(
        update(
          secrets,
          { metadata: m, type: 'kubernetes.io/basic-auth', data: { username: 'eA==' } },
          { metadata: m, data: {} },
        ),
      ),
    ).toEqual(['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']);
  });
});

describe('namespaces', () => {
  it('name is an RFC 1123 label', () => {
    expect(create(nss, { metadata: { name: 'team-a' } })).toEqual([]);
    expect(fields(create(nss, { metadata: { name: 'Team' } }))).toEqual(['FieldValueInvalid metadata.name']);
  });
  it('name is immutable', () => {
    expect(lines(update(nss, { metadata: { name: 'b' } }, { metadata: { name: 'a' } }))).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
    ]);
  });
});

describe('nodes', () => {
  it('taint effects are an enum', () => {
    expect(
      lines(create(nodes, { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'Never' }] } })),
    ).toEqual([
      'spec.taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });
});

describe('events', () => {
  it('involvedObject.namespace must match the event namespace', () => {
    const ev = {
      metadata: m,
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' },
      reason: 'X',
      message: 'y',
    };
    expect(lines(create(events, ev))).toEqual([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
    expect(
      create(events, { ...ev, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' } }),
    ).toEqual([]);
  });

  it('events.k8s.io events need reportingController etc. (validated through the core shape)', () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      metadata: m,
      eventTime: '2024-01-01T00:00:00.000000Z',
      regarding: { kind: 'Pod', namespace: 'default', name: 'p' },
      type: 'Normal',
    };
    expect(fields(create(newEvents, ev))).toEqual([
      'FieldValueRequired reportingController',
      'FieldValueRequired reportingInstance',
      'FieldValueRequired action',
      'FieldValueRequired reason',
    ]);
    expect(
      create(newEvents, {
        ...ev,
        reportingController: 'kubedeck.io/x',
        reportingInstance: 'i',
        action: 'A',
        reason: 'R',
      }),
    ).toEqual([]);
  });
});
