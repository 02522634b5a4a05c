import { describe, expect, it } from 'vitest';
import { updateManagedFields } from '../../../orchestrator/api/patch/index.js';
import {
  compare,
  fromFieldsV1,
  pathString,
  toFieldSet,
  toFieldsV1,
} from '../../../orchestrator/api/patch/fieldset.js';
import { schemaForKind } from '../../../orchestrator/api/patch/merge-keys.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { deployment, deployments, configmaps } from './fixtures.js';

const T1 = new Date('2025-03-01T10:00:00.123Z');
const T2 = new Date('2025-03-01T11:00:00Z');

function created(): KubeObject {
  const d = deployment();
  updateManagedFields(deployments, undefined, d, 'kubectl-create', 'Update', undefined, T1);
  return d;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

describe('FieldsV1 encoding', () => {
  it('round-trips and renders structured-merge-diff paths', () => {
    const v1 = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } } },
      },
      'f:metadata2': { 'f:finalizers': { 'v:"x"': {} } },
    };
    const set = fromFieldsV1(v1);
    expect(toFieldsV1(set)).toEqual(v1);
    const strs = set.paths().map(pathString);
    expect(strs).toContain('.spec.template.spec.containers[name="web"].image');
    expect(strs).toContain('.metadata.labels');
    expect(strs).toContain('.metadata2.finalizers[="x"]');
  });

  it('keys list items by all list-map keys, defaulting protocol', () => {
    const s = toFieldSet({ spec: { ports: [{ port: 80 }] } }, schemaForKind('Service'));
    expect(toFieldsV1(s)).toEqual({
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } },
    });
  });

  it('compare reports added, modified and removed leaves', () => {
    const a = deployment();
    const b = clone(a);
    b.spec.replicas = 3;
    b.metadata.labels!.tier = 'fe';
    delete b.spec.template.spec.containers[1];
    b.spec.template.spec.containers.length = 1;
    const c = compare(a, b, schemaForKind('Deployment'));
    expect(c.modified.paths().map(pathString)).toEqual(['.spec.replicas']);
    expect(c.added.paths().map(pathString)).toEqual(['.metadata.labels.tier']);
    expect(c.removed.paths().map(pathString)).toContain('.spec.template.spec.containers[name="sidecar"]');
    expect(c.removed.paths().map(pathString)).toContain(
      '.spec.template.spec.containers[name="sidecar"].image',
    );
  });
});

describe('updateManagedFields (Update operations)', () => {
  it('create records one entry with the created fields, minus identity metadata and status', () => {
    const d = created();
    expect(d.metadata.managedFields).toHaveLength(1);
    const e = d.metadata.managedFields![0];
    expect(e).toMatchObject({
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2025-03-01T10:00:00Z',
      fieldsType: 'FieldsV1',
    });
    expect(Object.keys(e)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
    const f = e.fieldsV1;
    expect(f['f:metadata']['f:labels']).toEqual({ '.': {}, 'f:app': {} });
    expect(f['f:metadata']['f:name']).toBeUndefined();
    expect(f['f:metadata']['f:uid']).toBeUndefined();
    expect(f['f:apiVersion']).toBeUndefined();
    expect(f['f:status']).toBeUndefined();
    expect(f['f:spec']['.']).toBeUndefined();
    expect(f['f:spec']['f:replicas']).toEqual({});
    expect(f['f:spec']['f:selector']).toEqual({});
    expect(f['f:spec']['f:strategy']['f:rollingUpdate']).toEqual({
      '.': {},
      'f:maxSurge': {},
      'f:maxUnavailable': {},
    });
    const web = f['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
    expect(web['.']).toEqual({});
    expect(web['f:image']).toEqual({});
    expect(web['f:ports']['k:{"containerPort":80,"protocol":"TCP"}']).toEqual({
      '.': {},
      'f:containerPort': {},
      'f:protocol': {},
    });
    expect(web['f:env']['k:{"name":"A"}']).toEqual({ '.': {}, 'f:name': {}, 'f:value': {} });
  });

  it('a field changed by another manager moves to that manager', () => {
    const old = created();
    const next = clone(old);
    next.spec.replicas = 4;
    updateManagedFields(deployments, old, next, 'kubectl-scale', 'Update', 'scale', T2);
    const [a, b] = next.metadata.managedFields!;
    expect(a.manager).toBe('kubectl-create');
    expect(a.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(b).toMatchObject({ manager: 'kubectl-scale', subresource: 'scale', time: '2025-03-01T11:00:00Z' });
    expect(b.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('an update that changes nothing adds no entry and keeps the time', () => {
    const old = created();
    const next = clone(old);
    updateManagedFields(deployments, old, next, 'someone', 'Update', undefined, T2);
    expect(next.metadata.managedFields).toEqual(old.metadata.managedFields);
  });

  it('the same manager accumulates fields in one entry and gets a new time', () => {
    const old = created();
    const next = clone(old);
    next.metadata.labels!.tier = 'fe';
    updateManagedFields(deployments, old, next, 'kubectl-create', 'Update', undefined, T2);
    expect(next.metadata.managedFields).toHaveLength(1);
    expect(next.metadata.managedFields![0].time).toBe('2025-03-01T11:00:00Z');
    expect(next.metadata.managedFields![0].fieldsV1['f:metadata']['f:labels']).toEqual({
      '.': {},
      'f:app': {},
      'f:tier': {},
    });
  });

  it('removed fields leave every set; managers left with nothing disappear', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1' },
    };
    updateManagedFields(configmaps, undefined, cm, 'first', 'Update', undefined, T1);
    const next = clone(cm);
    next.data.b = '2';
    updateManagedFields(configmaps, cm, next, 'second', 'Update', undefined, T2);
    expect(next.metadata.managedFields!.map((m) => m.manager)).toEqual(['first', 'second']);
    const last = clone(next);
    delete last.data.a;
    updateManagedFields(configmaps, next, last, 'third', 'Update', undefined, T2);
    // "first" keeps only the data map itself, as upstream does.
    expect(last.metadata.managedFields!.map((m) => [m.manager, m.fieldsV1])).toEqual([
      ['first', { 'f:data': {} }],
      ['second', { 'f:data': { 'f:b': {} } }],
    ]);
    const empty = clone(last);
    delete empty.data;
    updateManagedFields(configmaps, last, empty, 'fourth', 'Update', undefined, T2);
    expect(empty.metadata.managedFields).toBeUndefined();
  });

  it('status changes through the main resource are not tracked; /status tracks only status', () => {
    const old = created();
    const next = clone(old);
    next.status.replicas = 5;
    updateManagedFields(deployments, old, next, 'x', 'Update', undefined, T2);
    expect(next.metadata.managedFields!.map((m) => m.manager)).toEqual(['kubectl-create']);
    const st = clone(old);
    st.status.readyReplicas = 1;
    updateManagedFields(deployments, old, st, 'kube-controller-manager', 'Update', 'status', T2);
    const e = st.metadata.managedFields!.find((m) => m.manager === 'kube-controller-manager')!;
    expect(e.subresource).toBe('status');
    expect(e.fieldsV1).toEqual({ 'f:status': { 'f:readyReplicas': {} } });
  });

  it('managedFields written by the request replace the live ones', () => {
    const old = created();
    const next = clone(old);
    const mine = [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    next.managedFields = undefined;
    next.metadata.managedFields = clone(mine);
    updateManagedFields(deployments, old, next, 'kubectl', 'Update', undefined, T2);
    expect(next.metadata.managedFields).toEqual(mine);
  });

  it('sorts Apply entries before Update entries, then by time', () => {
    const old = created();
    const next = clone(old);
    next.metadata.labels!.x = 'y';
    updateManagedFields(deployments, old, next, 'kubectl', 'Apply', undefined, T2);
    expect(next.metadata.managedFields!.map((m) => `${m.operation}:${m.manager}`)).toEqual([
      'Apply:kubectl',
      'Update:kubectl-create',
    ]);
  });
});
