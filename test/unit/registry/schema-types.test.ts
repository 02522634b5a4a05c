// Wrong JSON types are refused on every write path, worded as upstream's decoders word them.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { findTypeMismatches } from '../../../orchestrator/api/schema/index.js';
import { goFormat } from '../../../orchestrator/api/validation/schema-types.js';
import { base64ErrorOffset } from '../../../orchestrator/api/schema/type-errors.js';

const DEPLOY = findResource('apps', 'v1', 'deployments')!;
const PODS = findResource('', 'v1', 'pods')!;
const CM = findResource('', 'v1', 'configmaps')!;
const SECRETS = findResource('', 'v1', 'secrets')!;

const deployment = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    },
    ...spec,
  },
});

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('schema type checks in the registry', () => {
  let reg: Registry;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });

  it('create and dry-run create refuse replicas: "three" with 400 naming the field and type', () => {
    for (const dryRun of [false, true]) {
      const e = statusOf(() => reg.create(DEPLOY, 'default', deployment({ replicas: 'three' }), { dryRun }));
      expect(e.code).toBe(400);
      expect(e.reason).toBe('BadRequest');
      expect(e.message).toBe(
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      );
    }
    expect(reg.tryGet(DEPLOY, 'default', 'web')).toBeUndefined();
  });

  it('names nested fields, lists, maps, booleans, fractions and objects the Go way', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 5 }] },
          },
        },
        'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
      ],
      [
        {
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80.5 }] }] },
          },
        },
        'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
      ],
      [
        { paused: 'yes' },
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
      ],
      [
        { selector: { matchLabels: { app: 1 } } },
        'json: cannot unmarshal number into Go struct field LabelSelector.spec.selector.matchLabels of type string',
      ],
      [
        { selector: { matchLabels: ['app'] } },
        'json: cannot unmarshal array into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string',
      ],
      [
        { template: { spec: { containers: { name: 'app' } } } },
        'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
      ],
      [
        { strategy: 'Recreate' },
        'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy',
      ],
      [
        { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: true } } },
        'json: cannot unmarshal bool into Go value of type int32',
      ],
    ];
    for (const [spec, detail] of cases) {
      const e = statusOf(() => reg.create(DEPLOY, 'default', deployment(spec)));
      expect(e.code, detail).toBe(400);
      expect(e.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: ${detail}`);
    }
  });

  it('quantities, int-or-string and bytes accept their JSON forms and refuse others', () => {
    const pod = (container: Record<string, unknown>) => ({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x', ...container }] },
    });
    expect(
      reg.create(PODS, 'default', pod({ resources: { limits: { cpu: 1, memory: '1Gi' } } }) as any, {
        dryRun: true,
      }),
    ).toBeTruthy();
    expect(
      reg.create(PODS, 'default', pod({ readinessProbe: { httpGet: { port: 'http' } } }) as any, {
        dryRun: true,
      }),
    ).toBeTruthy();
    const q = statusOf(() => reg.create(PODS, 'default', pod({ resources: { limits: { cpu: true } } })));
    expect(q.code).toBe(400);
    expect(q.message).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    // A Quantity string that ParseQuantity refuses does not decode either (Quantity.UnmarshalJSON).
    const lots = statusOf(() =>
      reg.create(PODS, 'default', pod({ resources: { limits: { memory: 'lots' } } })),
    );
    expect(lots.code).toBe(400);
    expect(lots.message).toBe(q.message);
    const ssa = statusOf(() =>
      reg.patch(
        PODS,
        'default',
        'p',
        'application/apply-patch+yaml',
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          ...pod({ resources: { limits: { memory: 'lots' } } }),
        }),
        { fieldManager: 'kubectl' },
      ),
    );
    expect(ssa.code).toBe(500);
    expect(ssa.message).toBe(
      `failed to convert new object (default/p; /v1, Kind=Pod) to proper version: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    const s = statusOf(() => reg.create(SECRETS, 'default', { metadata: { name: 's' }, data: { a: 1 } }));
    expect(s.message).toContain(
      'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
    );
    expect(reg.create(CM, 'default', { metadata: { name: 'c' }, data: { a: 'b' } } as any)).toBeTruthy();
  });

  it('update refuses with the same 400', () => {
    const d = reg.create(DEPLOY, 'default', deployment());
    const e = statusOf(() =>
      reg.update(DEPLOY, 'default', 'web', { ...d, spec: { ...d.spec, replicas: 'three' } }),
    );
    expect(e.code).toBe(400);
    expect(e.message).toContain('DeploymentSpec.spec.replicas of type int32');
  });

  it('JSON and merge patches answer 422 on field "patch" with the decoding error', () => {
    reg.create(DEPLOY, 'default', deployment());
    for (const [type, body] of [
      ['application/merge-patch+json', '{"spec":{"replicas":"three"}}'],
      ['application/json-patch+json', '[{"op":"replace","path":"/spec/replicas","value":"three"}]'],
    ] as const) {
      const e = statusOf(() => reg.patch(DEPLOY, 'default', 'web', type, body));
      expect(e.code, type).toBe(422);
      expect(e.reason).toBe('Invalid');
      expect(e.message).toMatch(
        /^ "" is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/s,
      );
      expect(e.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'patch' });
    }
    expect(reg.get(DEPLOY, 'default', 'web').spec.replicas).toBe(1);
  });

  it('strategic merge patches answer 422 with the unstructured converter error and the patch map', () => {
    reg.create(DEPLOY, 'default', deployment());
    const e = statusOf(() =>
      reg.patch(
        DEPLOY,
        'default',
        'web',
        'application/strategic-merge-patch+json',
        '{"spec":{"replicas":"three"}}',
      ),
    );
    expect(e.code).toBe(422);
    expect(e.message).toBe(
      ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:three]]": unrecognized type: int32',
    );
    const n = statusOf(() =>
      reg.patch(
        DEPLOY,
        'default',
        'web',
        'application/strategic-merge-patch+json',
        '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":3}]}}}}',
      ),
    );
    expect(n.message).toContain('cannot convert int64 to string');
  });

  it('server-side apply (create and update) answers 500 as the field manager does', () => {
    const body = (replicas: unknown) => JSON.stringify(deployment({ replicas }));
    const create = statusOf(() =>
      reg.patch(DEPLOY, 'default', 'web', 'application/apply-patch+yaml', body('three'), {
        fieldManager: 'kubectl',
      }),
    );
    expect(create.code).toBe(500);
    expect(create.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
    );
    expect(reg.tryGet(DEPLOY, 'default', 'web')).toBeUndefined();
    reg.patch(DEPLOY, 'default', 'web', 'application/apply-patch+yaml', body(2), { fieldManager: 'kubectl' });
    const yaml = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: app, image: 7}]',
    ].join('\n');
    const upd = statusOf(() =>
      reg.patch(DEPLOY, 'default', 'web', 'application/apply-patch+yaml', yaml, { fieldManager: 'kubectl' }),
    );
    expect(upd.code).toBe(500);
    expect(upd.message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="app"].image: expected string, got &value.valueUnstructured{Value:7}',
    );
    expect(reg.get(DEPLOY, 'default', 'web').spec.replicas).toBe(2);
  });

  it('custom kinds get the same check from their schema (every served kind has one)', () => {
    expect(findTypeMismatches(DEPLOY, deployment())).toEqual([]);
    const [m] = findTypeMismatches(DEPLOY, deployment({ replicas: 'three' }));
    expect(m).toMatchObject({ path: ['spec', 'replicas'], goStruct: 'DeploymentSpec', goType: 'int32' });
  });

  it('Secret data must be standard base64, refused with the offset Go reports', () => {
    const cases: [string, number | undefined][] = [
      ['aGVsbG8=', undefined],
      ['', undefined],
      ['aGVs\nbG8=', undefined],
      ['aGVsbG8', 4],
      ['abc', 0],
      ['not base64!', 3],
      ['ab=d', 2],
      ['ab==cd', 4],
      ['a===', 1],
    ];
    for (const [input, offset] of cases) expect(base64ErrorOffset(input), input).toBe(offset);
    const e = statusOf(() =>
      reg.create(SECRETS, 'default', { metadata: { name: 's' }, data: { a: 'not base64!' } }),
    );
    expect(e.code).toBe(400);
    expect(e.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
    expect(reg.create(SECRETS, 'default', { metadata: { name: 's' }, data: { a: 'aGVsbG8=' } })).toBeTruthy();
    const smp = statusOf(() =>
      reg.patch(SECRETS, 'default', 's', 'application/strategic-merge-patch+json', '{"data":{"a":"abc"}}'),
    );
    expect(smp.message).toBe(
      ' "" is invalid: patch: Invalid value: "map[data:map[a:abc]]": error decoding from json: illegal base64 data at input byte 0',
    );
  });

  it('formats unstructured values like Go %v', () => {
    expect(goFormat({ b: [1, 'x'], a: { c: null, d: true } })).toBe('map[a:map[c:<nil> d:true] b:[1 x]]');
  });
});
