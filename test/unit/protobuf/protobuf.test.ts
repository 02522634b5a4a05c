import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { decodeKubeProtobuf, PROTOBUF_MAGIC } from '../../../orchestrator/api/protobuf/index.js';
import { lookupType } from '../../../orchestrator/api/protobuf/descriptors.js';
import { goDuration } from '../../../orchestrator/api/protobuf/convert.js';
import { kubectlBinary, runKubectl, startCaptureServer } from './kubectl-capture.js';

/** Wraps a typed message in the runtime.Unknown envelope with the k8s\0 magic. */
function envelope(apiVersion: string, kind: string, typeName: string, obj: object): Buffer {
  const T = lookupType(typeName)!;
  const raw = T.encode(T.fromObject(obj)).finish();
  const U = lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  const body = U.encode(
    U.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' }),
  ).finish();
  return Buffer.concat([PROTOBUF_MAGIC, body]);
}

function expect400(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).code).toBe(400);
    expect((e as StatusError).reason).toBe('BadRequest');
    return e as StatusError;
  }
  throw new Error('expected a 400');
}

describe('decodeKubeProtobuf', () => {
  it('converts wrapper types and drops unset scalars like omitempty', () => {
    const body = envelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: {
        name: 'web',
        namespace: '',
        generateName: '',
        creationTimestamp: { seconds: 1700000000, nanos: 0 },
      },
      spec: {
        replicas: 0, // pointer: explicit zero must survive
        minReadySeconds: 0, // non-pointer zero: dropped
        paused: false,
        selector: { matchLabels: { app: 'web' } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: { type: 1, strVal: '25%' }, maxUnavailable: { type: 0, intVal: 1 } },
        },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'nginx',
                stdin: false,
                resources: { limits: { cpu: { string: '500m' }, memory: { string: '1Gi' } } },
              },
            ],
          },
        },
      },
    });
    const obj = decodeKubeProtobuf(body);
    expect(obj.apiVersion).toBe('apps/v1');
    expect(obj.kind).toBe('Deployment');
    expect(obj.metadata).toEqual({ name: 'web', creationTimestamp: '2023-11-14T22:13:20Z' });
    expect(obj.spec.replicas).toBe(0);
    expect('minReadySeconds' in obj.spec).toBe(false);
    expect('paused' in obj.spec).toBe(false);
    expect(obj.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 },
    });
    expect(obj.spec.template.spec.containers[0]).toEqual({
      name: 'c',
      image: 'nginx',
      resources: { limits: { cpu: '500m', memory: '1Gi' } },
    });
  });

  it('turns Secret bytes into base64 and MicroTime into RFC3339 micro', () => {
    const secret = decodeKubeProtobuf(
      envelope('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
        metadata: { name: 's' },
        data: { pw: Buffer.from('s3cr3t') },
        stringData: { a: 'b' },
      }),
    );
    expect(secret.data).toEqual({ pw: Buffer.from('s3cr3t').toString('base64') });
    expect(secret.stringData).toEqual({ a: 'b' });
    const ev = decodeKubeProtobuf(
      envelope('events.k8s.io/v1', 'Event', 'k8s.io.api.events.v1.Event', {
        metadata: { name: 'e' },
        eventTime: { seconds: 1700000000, nanos: 123456000 },
        reason: 'X',
      }),
    );
    expect(ev.eventTime).toBe('2023-11-14T22:13:20.123456Z');
    expect(ev.reason).toBe('X');
  });

  it('formats Go durations', () => {
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(90e9)).toBe('1m30s');
    expect(goDuration(3600e9)).toBe('1h0m0s');
    expect(goDuration(1.5e6)).toBe('1.5ms');
  });

  it('answers 400 on malformed input', () => {
    expect(expect400(() => decodeKubeProtobuf(Buffer.from('{"kind":"Pod"}'))).message).toMatch(/k8s/);
    expect400(() =>
      decodeKubeProtobuf(Buffer.concat([PROTOBUF_MAGIC, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])])),
    );
    expect400(() => decodeKubeProtobuf(Buffer.alloc(2)));
    expect(
      expect400(() => decodeKubeProtobuf(envelope('v1', 'Nope', 'k8s.io.api.core.v1.ConfigMap', {}))).message,
    ).toBe('no kind "Nope" is registered for version "v1"');
    // A truncated inner message.
    const good = envelope('v1', 'ConfigMap', 'k8s.io.api.core.v1.ConfigMap', {
      metadata: { name: 'x' },
      data: { a: 'b' },
    });
    const U = lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
    const u = U.decode(good.subarray(4)) as any;
    u.raw = u.raw.subarray(0, u.raw.length - 3);
    expect400(() => decodeKubeProtobuf(Buffer.concat([PROTOBUF_MAGIC, U.encode(u).finish()])));
  });
});

const kubectl133 = kubectlBinary(33);
if (!kubectl133) console.log('skipping kubectl capture tests: kubectl.1.33 not found beside `which kubectl`');

describe.skipIf(!kubectl133)('bodies that real kubectl 1.33 POSTs', () => {
  let server: Awaited<ReturnType<typeof startCaptureServer>>;
  beforeAll(async () => {
    server = await startCaptureServer();
  });
  afterAll(() => server?.close());

  async function create(args: string[]) {
    const before = server.captured.length;
    const r = await runKubectl(kubectl133!, server.url, ['create', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const c = server.captured[before];
    expect(c.contentType).toBe('application/vnd.kubernetes.protobuf');
    expect(c.url).toContain('fieldValidation=Strict');
    return decodeKubeProtobuf(c.body);
  }

  it('create deployment', async () => {
    expect(await create(['deployment', 'web', '--image=nginx'])).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
    const zero = await create(['deployment', 'zero', '--image=nginx', '--replicas=0', '--port=80']);
    expect(zero.spec.replicas).toBe(0);
    expect(zero.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80 }]);
  });

  it('create service clusterip', async () => {
    const svc = await create(['service', 'clusterip', 'my-svc', '--tcp=5678:8080']);
    expect(svc.kind).toBe('Service');
    expect(svc.spec).toEqual({
      ports: [{ name: '5678-8080', protocol: 'TCP', port: 5678, targetPort: 8080 }],
      selector: { app: 'my-svc' },
      type: 'ClusterIP',
    });
  });

  it('create configmap, secret, namespace, serviceaccount', async () => {
    const cm = await create(['configmap', 'cm', '--from-literal=a=b']);
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
      data: { a: 'b' },
    });
    const sec = await create(['secret', 'generic', 'sec', '--from-literal=pw=s3cr3t']);
    expect(sec.data).toEqual({ pw: Buffer.from('s3cr3t').toString('base64') });
    const ns = await create(['namespace', 'ns1']);
    expect(ns).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns1', creationTimestamp: null },
      spec: {},
      status: {},
    });
    const sa = await create(['serviceaccount', 'sa1']);
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa1', creationTimestamp: null },
    });
  });
});
