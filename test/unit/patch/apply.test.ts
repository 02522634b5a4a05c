import { describe, expect, it } from 'vitest';
import { applyPatch, createFromApply, updateManagedFields } from '../../../orchestrator/api/patch/index.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { deployments } from './fixtures.js';

const APPLY = 'application/apply-patch+yaml' as const;
const T1 = new Date('2025-03-01T10:00:00Z');
const T2 = new Date('2025-03-01T11:00:00Z');

function manifest(
  over: { replicas?: number; image?: string; labels?: Record<string, string>; sidecar?: boolean } = {},
) {
  const containers: any[] = [{ name: 'web', image: over.image ?? 'nginx:1' }];
  if (over.sidecar) containers.push({ name: 'sidecar', image: 'busybox' });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: over.labels ?? { app: 'web' } },
    spec: {
      replicas: over.replicas ?? 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

/** What the server would store: the applied object plus server-side fields. */
function stored(obj: KubeObject): KubeObject {
  const o = structuredClone(obj);
  Object.assign(o.metadata, {
    namespace: 'default',
    uid: 'u-1',
    resourceVersion: '5',
    creationTimestamp: '2025-03-01T10:00:00Z',
  });
  o.spec.template.spec.containers.forEach((c: any) => (c.imagePullPolicy ??= 'IfNotPresent'));
  o.status = { replicas: 1 };
  return o;
}

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const apply = (
  live: KubeObject,
  m: unknown,
  opts: { fieldManager?: string; force?: boolean } = { fieldManager: 'kubectl' },
) => applyPatch(deployments, live, APPLY, JSON.stringify(m), { ...opts, now: T2 });

describe('server-side apply: create', () => {
  it('creates from the applied object with one Apply entry', () => {
    const obj = createFromApply(deployments, JSON.stringify(manifest({ sidecar: true })), 'web', 'default', {
      fieldManager: 'kubectl',
    });
    expect(obj.metadata).toMatchObject({ name: 'web', namespace: 'default', labels: { app: 'web' } });
    expect(obj.spec.template.spec.containers).toHaveLength(2);
    const [e] = obj.metadata.managedFields!;
    expect(e).toMatchObject({
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
    });
    expect(e.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} },
              'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} },
            },
          },
        },
      },
    });
  });

  it('accepts YAML bodies', () => {
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n`;
    const cm = createFromApply(
      {
        ...deployments,
        group: '',
        version: 'v1',
        kind: 'ConfigMap',
        resource: 'configmaps',
        subresources: [],
      },
      yaml,
      'c',
      'default',
      {
        fieldManager: 'me',
      },
    );
    expect(cm.data).toEqual({ a: '1' });
    expect(cm.metadata.managedFields![0].fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('rejects a wrong apiVersion, a missing field manager, managedFields and a wrong name', () => {
    const bad = { ...manifest(), apiVersion: 'apps/v1beta1' };
    const e = statusOf(() =>
      createFromApply(deployments, JSON.stringify(bad), 'web', 'default', { fieldManager: 'kubectl' }),
    );
    expect(e.code).toBe(400);
    expect(e.message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    );
    const nf = statusOf(() =>
      createFromApply(deployments, JSON.stringify(manifest()), 'web', 'default', { fieldManager: '' }),
    );
    expect(nf.code).toBe(422);
    const mf = { ...manifest(), metadata: { name: 'web', managedFields: [] } };
    expect(
      statusOf(() =>
        createFromApply(deployments, JSON.stringify(mf), 'web', 'default', { fieldManager: 'k' }),
      ).message,
    ).toBe('metadata.managedFields must be nil');
    expect(
      statusOf(() =>
        createFromApply(deployments, JSON.stringify(manifest()), 'other', 'default', { fieldManager: 'k' }),
      ).code,
    ).toBe(400);
    expect(
      statusOf(() => createFromApply(deployments, 'a: [', 'web', 'default', { fieldManager: 'k' })).message,
    ).toMatch(/^error decoding YAML/);
  });
});

describe('server-side apply: update', () => {
  const first = () =>
    stored(
      createFromApply(
        deployments,
        JSON.stringify(manifest({ sidecar: true, labels: { app: 'web', tier: 'fe' } })),
        'web',
        'default',
        { fieldManager: 'kubectl', now: T1 },
      ),
    );

  it('re-applying the same manifest changes nothing but the entry time', () => {
    const live = first();
    const out = apply(live, manifest({ sidecar: true, labels: { app: 'web', tier: 'fe' } }));
    const { managedFields: a, ...metaA } = out.metadata;
    const { managedFields: b, ...metaB } = live.metadata;
    expect(metaA).toEqual(metaB);
    expect(out.spec).toEqual(live.spec);
    expect(out.status).toEqual(live.status);
    expect(a![0].fieldsV1).toEqual(b![0].fieldsV1);
    expect(a![0].time).toBe('2025-03-01T11:00:00Z');
  });

  it('fields the manager no longer applies are removed; defaulted fields of kept items stay', () => {
    const out = apply(first(), manifest({ image: 'nginx:2' }));
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' },
    ]);
    expect(out.metadata.uid).toBe('u-1');
    expect(out.status).toEqual({ replicas: 1 });
  });

  it('fields someone else also owns are kept when the applier drops them', () => {
    const live = first();
    const edited = structuredClone(live);
    edited.metadata.labels!.tier = 'backend';
    updateManagedFields(deployments, live, edited, 'kubectl-label', 'Update', undefined, T1);
    const out = apply(edited, manifest({ sidecar: true }));
    expect(out.metadata.labels).toEqual({ app: 'web', tier: 'backend' });
  });

  it('conflicts with an Update manager that set a different value (409, upstream message)', () => {
    const live = first();
    const scaled = structuredClone(live);
    scaled.spec.replicas = 3;
    updateManagedFields(deployments, live, scaled, 'kubectl-client-side-apply', 'Update', undefined, T1);
    const e = statusOf(() =>
      apply(scaled, manifest({ replicas: 5, sidecar: true, labels: { app: 'web', tier: 'fe' } })),
    );
    expect(e.code).toBe(409);
    expect(e.reason).toBe('Conflict');
    expect(e.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(e.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('applying the value another manager already set is not a conflict (shared ownership)', () => {
    const live = first();
    const scaled = structuredClone(live);
    scaled.spec.replicas = 3;
    updateManagedFields(deployments, live, scaled, 'hpa', 'Update', undefined, T1);
    const out = apply(scaled, manifest({ replicas: 3, sidecar: true, labels: { app: 'web', tier: 'fe' } }));
    const owners = out.metadata
      .managedFields!.filter((m) => m.fieldsV1?.['f:spec']?.['f:replicas'])
      .map((m) => m.manager);
    expect(owners.sort()).toEqual(['hpa', 'kubectl']);
  });

  it('force takes ownership away from the other manager', () => {
    const live = first();
    const scaled = structuredClone(live);
    scaled.spec.replicas = 3;
    updateManagedFields(deployments, live, scaled, 'hpa', 'Update', undefined, T1);
    const out = apply(scaled, manifest({ replicas: 5, sidecar: true, labels: { app: 'web', tier: 'fe' } }), {
      fieldManager: 'kubectl',
      force: true,
    });
    expect(out.spec.replicas).toBe(5);
    expect(out.metadata.managedFields!.map((m) => m.manager)).toEqual(['kubectl']);
  });

  it('conflicts with another applier are listed per manager', () => {
    const live = first();
    const other = apply(
      live,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } },
      { fieldManager: 'ci' },
    );
    const e = statusOf(() =>
      apply(
        other,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', labels: { tier: 'x' } },
          spec: { replicas: 2 },
        },
        { fieldManager: 'ops' },
      ),
    );
    expect(e.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "ci":\n- .spec.replicas\nconflicts with "kubectl":\n- .metadata.labels.tier\n- .spec.replicas',
    );
    expect(e.details?.causes).toHaveLength(3);
  });

  it('multi-conflict message format', () => {
    const live = first();
    const changed = structuredClone(live);
    changed.spec.replicas = 3;
    changed.metadata.labels!.tier = 'be';
    updateManagedFields(deployments, live, changed, 'editor', 'Update', undefined, T1);
    const e = statusOf(() =>
      apply(changed, manifest({ replicas: 1, sidecar: true, labels: { app: 'web', tier: 'fe' } }), {
        fieldManager: 'other',
      }),
    );
    expect(e.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "editor" using apps/v1:\n- .metadata.labels.tier\n- .spec.replicas',
    );
  });

  it('an Apply manager conflicts without "using"', () => {
    const live = first();
    const e = statusOf(() => apply(live, manifest({ replicas: 9 }), { fieldManager: 'someone-else' }));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
  });
});

describe('server-side apply after client-side apply (kubectl migration)', () => {
  const LA = 'kubectl.kubernetes.io/last-applied-configuration';
  function csaCreated(): KubeObject {
    const m: any = manifest();
    m.metadata.annotations = { [LA]: JSON.stringify(manifest()) };
    const obj = stored(m);
    updateManagedFields(deployments, undefined, obj, 'kubectl-client-side-apply', 'Update', undefined, T1);
    return obj;
  }

  it('kubectl may change values client-side apply set, and keeps last-applied current', () => {
    const live = csaCreated();
    const out = apply(live, manifest({ replicas: 4 }));
    expect(out.spec.replicas).toBe(4);
    expect(JSON.parse(out.metadata.annotations![LA]).spec.replicas).toBe(4);
    const csa = out.metadata.managedFields!.find((m) => m.manager === 'kubectl-client-side-apply')!;
    expect(csa.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('another field manager still conflicts with client-side apply', () => {
    expect(statusOf(() => apply(csaCreated(), manifest({ replicas: 4 }), { fieldManager: 'ci' })).code).toBe(
      409,
    );
  });

  it('the kubectl-last-applied apply of just the annotation keeps everything else', () => {
    const live = csaCreated();
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', annotations: { [LA]: live.metadata.annotations![LA] } },
    };
    const out = apply(live, body, { fieldManager: 'kubectl-last-applied' });
    expect(out.spec).toEqual(live.spec);
    const e = out.metadata.managedFields!.find((m) => m.manager === 'kubectl-last-applied')!;
    expect(e.operation).toBe('Apply');
    expect(e.fieldsV1).toEqual({ 'f:metadata': { 'f:annotations': { [`f:${LA}`]: {} } } });
  });
});
