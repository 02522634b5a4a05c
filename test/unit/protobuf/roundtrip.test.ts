// Every served kind survives JSON → protobuf → JSON unchanged, inline (embedded) members included:
// a rich object is generated from each kind's schema (every field the proto message carries set to
// a non-zero value), plus hand-written pods with volumes of many sources, probes of each handler
// type, lifecycle hooks and ephemeral containers.
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { RESOURCES, apiVersionOf } from '../../../orchestrator/api/resources.js';
import {
  components,
  componentForKind,
  REF_PREFIX,
  type Schema,
} from '../../../orchestrator/api/schema/build.js';
import { lookupType, messageFor } from '../../../orchestrator/api/protobuf/descriptors.js';
import { decodeKubeProtobuf } from '../../../orchestrator/api/protobuf/index.js';
import { encodeKubeProtobuf, parseGoDurationNs } from '../../../orchestrator/api/protobuf/encode.js';
import { goDuration } from '../../../orchestrator/api/protobuf/convert.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';

const roundTrip = (o: KubeObject): KubeObject => decodeKubeProtobuf(encodeKubeProtobuf(o));

const SPECIAL: Record<string, () => unknown> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': () => '25%',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => '250m',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => '2024-01-02T03:04:05Z',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => '2024-01-02T03:04:05.123456Z',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': () => ({ 'f:metadata': { 'f:name': {} } }),
  'io.k8s.apimachinery.pkg.runtime.RawExtension': () => ({ a: 1 }),
};

const protoOf = (component: string) => lookupType(component.replace(/^io\.k8s\./, 'k8s.io.'));

/**
 * Does the proto message carry JSON member `name`, directly or through a nested (embedded)
 * message one level down? Deliberately independent of the converter's inline detection.
 */
function carries(msg: protobuf.Type | undefined, name: string): boolean {
  if (!msg) return true;
  if (msg.fields[name]) return true;
  return msg.fieldsArray.some((f) => {
    if (f.repeated || f.map) return false;
    f.resolve();
    return f.resolvedType instanceof protobuf.Type && !!f.resolvedType.fields[name];
  });
}

/** A value for `schema` with every field set (non-zero, so omitempty cannot drop it). */
function generate(schema: Schema | undefined, stack: string[]): unknown {
  const all = components().schemas;
  let s = schema;
  let ref: string | undefined;
  for (let i = 0; s && i < 4; i++) {
    const r: string | undefined = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0].$ref : undefined);
    if (!r) break;
    ref = r.slice(REF_PREFIX.length);
    s = all[ref];
  }
  if (ref && SPECIAL[ref]) return SPECIAL[ref]();
  if (!s) return undefined;
  switch (s.type) {
    case 'string':
      return s.format === 'byte' ? 'aGVsbG8=' : 'v';
    case 'integer':
      return 7;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array': {
      const item = generate(s.items, stack);
      return item === undefined ? undefined : [item];
    }
  }
  if (s.type !== 'object' || s['x-kubernetes-preserve-unknown-fields']) return undefined;
  if (!s.properties) {
    const v = s.additionalProperties ? generate(s.additionalProperties, stack) : undefined;
    return v === undefined ? undefined : { k: v };
  }
  if (ref && stack.includes(ref)) return undefined; // recursive types: one level is enough
  const msg = ref ? protoOf(ref) : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(s.properties as Record<string, Schema>)) {
    if (name === 'apiVersion' || name === 'kind') {
      if (!msg?.fields[name]) continue; // the envelope's typeMeta, set by the caller
    }
    if (!carries(msg, name)) continue; // a field newer than our 1.33 descriptors
    const v = generate(prop, ref ? [...stack, ref] : stack);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function servedKinds(): { apiVersion: string; kind: string; group: string; version: string }[] {
  const seen = new Map<string, { apiVersion: string; kind: string; group: string; version: string }>();
  for (const r of RESOURCES) {
    const apiVersion = apiVersionOf(r);
    seen.set(`${apiVersion}/${r.kind}`, { apiVersion, kind: r.kind, group: r.group, version: r.version });
  }
  return [...seen.values()];
}

describe('protobuf round trip of every served kind', () => {
  const kinds = servedKinds();
  it('covers the registry', () => {
    expect(kinds.length).toBeGreaterThan(10);
  });
  for (const k of kinds) {
    it(`${k.apiVersion} ${k.kind}`, () => {
      expect(messageFor(k.apiVersion, k.kind), 'proto descriptor for the kind').toBeDefined();
      const name = componentForKind(k.group, k.version, k.kind);
      expect(name, 'schema component for the kind').toBeDefined();
      const body = generate({ $ref: REF_PREFIX + name }, []) as KubeObject;
      const obj = { apiVersion: k.apiVersion, kind: k.kind, ...body } as KubeObject;
      expect(roundTrip(obj)).toEqual(obj);
    });
  }
});

const container = {
  name: 'app',
  image: 'nginx:1.27',
  command: ['sh', '-c'],
  args: ['exec nginx'],
  workingDir: '/srv',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'PLAIN', value: 'x' },
    { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: true } } },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    {
      name: 'MEM',
      valueFrom: { resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
    },
  ],
  envFrom: [{ prefix: 'CM_', configMapRef: { name: 'cm' } }, { secretRef: { name: 's', optional: true } }],
  resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
  volumeMounts: [
    { name: 'config', mountPath: '/etc/config', readOnly: true },
    { name: 'scratch', mountPath: '/tmp', subPath: 'x' },
  ],
  livenessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 5, periodSeconds: 10 },
  readinessProbe: {
    httpGet: { path: '/ready', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-A', value: 'b' }] },
    timeoutSeconds: 2,
    failureThreshold: 4,
  },
  startupProbe: { tcpSocket: { port: 8080 }, successThreshold: 1, terminationGracePeriodSeconds: 9 },
  lifecycle: {
    postStart: { exec: { command: ['sh', '-c', 'echo hi'] } },
    preStop: { httpGet: { path: '/stop', port: 8080 } },
  },
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  imagePullPolicy: 'IfNotPresent',
  securityContext: { runAsUser: 1000, allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] } },
};

const podSpec = {
  volumes: [
    {
      name: 'config',
      configMap: { name: 'cm', items: [{ key: 'a', path: 'b', mode: 0o644 }], defaultMode: 0o600 },
    },
    { name: 'secret', secret: { secretName: 's', optional: true } },
    { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
    { name: 'claim', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
    {
      name: 'down',
      downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
    },
    {
      name: 'proj',
      projected: {
        sources: [
          { configMap: { name: 'cm' } },
          { secret: { name: 's', items: [{ key: 'k', path: 'p' }] } },
          { serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 'token' } },
          { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
        ],
      },
    },
    {
      name: 'eph',
      ephemeral: {
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      },
    },
  ],
  initContainers: [{ name: 'init', image: 'busybox', command: ['true'], restartPolicy: 'Always' }],
  containers: [
    container,
    {
      name: 'grpc',
      image: 'x',
      livenessProbe: { grpc: { port: 9090, service: 'health' } },
      lifecycle: { preStop: { sleep: { seconds: 3 } }, postStart: { tcpSocket: { port: 80 } } },
    },
  ],
  ephemeralContainers: [
    {
      name: 'debugger',
      image: 'busybox',
      command: ['sh'],
      stdin: true,
      tty: true,
      targetContainerName: 'app',
      env: [{ name: 'A', value: 'b' }],
      volumeMounts: [{ name: 'config', mountPath: '/cfg' }],
    },
  ],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 0,
  nodeSelector: { disk: 'ssd' },
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }],
  affinity: {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 10,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { a: 'b' } },
          },
        },
      ],
    },
  },
};

describe('protobuf round trip of hand-written objects', () => {
  it('a pod with volumes of many sources, every probe handler, lifecycle hooks and ephemeral containers', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'rich', namespace: 'default', labels: { app: 'rich' }, annotations: { a: 'b' } },
      spec: podSpec,
    } as KubeObject;
    const back = roundTrip(pod);
    expect(back).toEqual(pod);
    // The kubectl debug --copy-to symptoms: configMap came back as emptyDir, probes lost their handler.
    expect(back.spec.volumes[0]).toEqual(podSpec.volumes[0]);
    expect(back.spec.containers[0].readinessProbe.httpGet.path).toBe('/ready');
  });

  it('a deployment with the same pod template', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { ...podSpec, ephemeralContainers: undefined },
        },
      },
    };
    delete (dep.spec.template.spec as Record<string, unknown>).ephemeralContainers;
    expect(roundTrip(dep as KubeObject)).toEqual(dep);
  });
});

describe('explicit zeros in Go pointer fields survive', () => {
  it('replicas: 0 of every kind with a replicas pointer', () => {
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'ReplicaSet'],
      ['v1', 'ReplicationController'],
    ]) {
      const obj = { apiVersion, kind, metadata: { name: 'z' }, spec: { replicas: 0 } } as KubeObject;
      expect(roundTrip(obj), kind).toEqual(obj);
    }
  });
});

describe('Go durations', () => {
  it('parse back what goDuration prints', () => {
    for (const ns of [0, 1500, 2_000_000, 1.5e9, 61e9, 3723e9, -5e9])
      expect(parseGoDurationNs(goDuration(ns))).toBe(ns);
  });
});
