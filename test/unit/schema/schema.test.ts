import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findByKind } from '../../../orchestrator/api/resources.js';
import {
  decodeOpenapiV2Protobuf,
  findUnknownFields,
  openapiV2Json,
  openapiV2Protobuf,
  openapiV3Document,
  openapiV3Index,
  schemaForKind,
} from '../../../orchestrator/api/schema/index.js';
import { kubectlBinary, runKubectl, startCaptureServer } from '../protobuf/kubectl-capture.js';

const deployInfo = findByKind('apps/v1', 'Deployment')!;

function deployment(extra: (d: any) => void = () => {}) {
  const d: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { app: 'web' },
      managedFields: [{ manager: 'x', fieldsV1: { 'f:spec': { 'f:anything': {} } } }],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx',
              ports: [{ containerPort: 80 }],
              resources: { limits: { cpu: '500m' } },
            },
            { name: 'd', image: 'busybox', livenessProbe: { httpGet: { port: 'http', path: '/' } } },
          ],
        },
      },
    },
    status: {},
  };
  extra(d);
  return d;
}

describe('findUnknownFields', () => {
  it('accepts a valid object with maps, IntOrString, Quantity and free-form fields', () => {
    expect(findUnknownFields(deployInfo, deployment())).toEqual([]);
  });

  it('reports unknown fields with upstream paths, in input order', () => {
    const d = deployment((d) => {
      d.spec.replicaz = 3;
      d.spec.template.spec.containers[1].imagee = 'nginx';
      d.metadata.nmae = 'x';
      d.spec.template.spec.containers[0].ports[0].contanerPort = 1;
    });
    expect(findUnknownFields(deployInfo, d)).toEqual([
      'metadata.nmae',
      'spec.template.spec.containers[0].ports[0].contanerPort',
      'spec.template.spec.containers[1].imagee',
      'spec.replicaz',
    ]);
  });

  it('works for other kinds (Service, Secret, HPA v2, EndpointSlice)', () => {
    expect(
      findUnknownFields(findByKind('v1', 'Service')!, {
        spec: { ports: [{ port: 80, targetPort: 8080, prot: 'TCP' }] },
      }),
    ).toEqual(['spec.ports[0].prot']);
    expect(
      findUnknownFields(findByKind('v1', 'Secret')!, {
        data: { a: 'Yg==' },
        stringData: { b: 'c' },
        typ: 'Opaque',
      }),
    ).toEqual(['typ']);
    const hpa = findByKind('autoscaling/v2', 'HorizontalPodAutoscaler')!;
    expect(
      findUnknownFields(hpa, {
        spec: {
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        },
      }),
    ).toEqual([]);
    expect(findUnknownFields(hpa, { spec: { targetCPUUtilizationPercentage: 50 } })).toEqual([
      'spec.targetCPUUtilizationPercentage',
    ]);
    const hpa1 = findByKind('autoscaling/v1', 'HorizontalPodAutoscaler')!;
    expect(findUnknownFields(hpa1, { spec: { targetCPUUtilizationPercentage: 50 } })).toEqual([]);
    const eps = findByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
    expect(
      findUnknownFields(eps, {
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, bogus: 1 } }],
      }),
    ).toEqual(['endpoints[0].conditions.bogus']);
  });
});

describe('OpenAPI v3', () => {
  it('indexes every group-version with a content hash', () => {
    const index = openapiV3Index() as any;
    expect(Object.keys(index.paths).sort()).toEqual(
      [
        'api/v1',
        'apis/apps/v1',
        'apis/autoscaling/v1',
        'apis/autoscaling/v2',
        'apis/certificates.k8s.io/v1',
        'apis/coordination.k8s.io/v1',
        'apis/discovery.k8s.io/v1',
        'apis/events.k8s.io/v1',
      ].sort(),
    );
    for (const [gv, { serverRelativeURL }] of Object.entries<any>(index.paths)) {
      const hash = /\?hash=([0-9A-F]+)$/.exec(serverRelativeURL)![1];
      expect(serverRelativeURL.startsWith(`/openapi/v3/${gv}?hash=`)).toBe(true);
      expect(hash).toBe(
        createHash('sha512')
          .update(JSON.stringify(openapiV3Document(gv)))
          .digest('hex')
          .toUpperCase(),
      );
    }
    expect(openapiV3Document('apis/nope/v1')).toBeUndefined();
  });

  it('has the components kubectl explain and apply need', () => {
    const doc = openapiV3Document('apis/apps/v1') as any;
    const s = doc.components.schemas;
    expect(s['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas).toMatchObject({
      type: 'integer',
      format: 'int32',
    });
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas.description).toMatch(
      /Number of desired pods/,
    );
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.template.$ref).toBe(
      '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec',
    );
    expect(
      s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels.additionalProperties,
    ).toEqual({ type: 'string' });
    expect(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity'].type).toBe('string');
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(s['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties.$ref).toBe(
      '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity',
    );
    expect(s['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    ]);
    // Every $ref resolves inside the document.
    JSON.stringify(doc, (k, v) => {
      if (k === '$ref') expect(s[v.replace('#/components/schemas/', '')], v).toBeDefined();
      return v;
    });
    const core = openapiV3Document('api/v1') as any;
    expect(core.components.schemas['io.k8s.api.core.v1.Event']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Event' },
    ]);
    const ev = openapiV3Document('apis/events.k8s.io/v1') as any;
    expect(
      ev.components.schemas['io.k8s.api.events.v1.Event'].properties.eventTime.$ref ??
        ev.components.schemas['io.k8s.api.events.v1.Event'].properties.eventTime.allOf[0].$ref,
    ).toMatch(/MicroTime$/);
  });

  it('carries strategic-merge metadata like upstream (kubectl apply computes patches from it)', () => {
    const s = (openapiV3Document('api/v1') as any).components.schemas;
    const apps = (openapiV3Document('apis/apps/v1') as any).components.schemas;
    const ext = (p: any) => [p['x-kubernetes-patch-strategy'], p['x-kubernetes-patch-merge-key']];
    expect(ext(s['io.k8s.api.core.v1.PodSpec'].properties.containers)).toEqual(['merge', 'name']);
    expect(ext(s['io.k8s.api.core.v1.PodSpec'].properties.volumes)).toEqual(['merge,retainKeys', 'name']);
    expect(ext(s['io.k8s.api.core.v1.Container'].properties.ports)).toEqual(['merge', 'containerPort']);
    expect(ext(s['io.k8s.api.core.v1.ServiceSpec'].properties.ports)).toEqual(['merge', 'port']);
    expect(ext(s['io.k8s.api.core.v1.Container'].properties.env)).toEqual(['merge', 'name']);
    expect(ext(apps['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy)).toEqual([
      'retainKeys',
      undefined,
    ]);
    // Shared proto field ids must not leak merge keys onto unrelated fields.
    expect(ext(apps['io.k8s.api.apps.v1.DeploymentSpec'].properties.selector)).toEqual([
      undefined,
      undefined,
    ]);
    expect(ext(s['io.k8s.api.core.v1.SecretList'].properties.items)).toEqual([undefined, undefined]);
    expect(ext(s['io.k8s.api.core.v1.PodSpec'].properties.tolerations)).toEqual([undefined, undefined]);
  });

  it('declares PATCH with fieldValidation and dryRun so kubectl sends fieldValidation=Strict', () => {
    const doc = openapiV3Document('apis/apps/v1') as any;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(patch['x-kubernetes-action']).toBe('patch');
    const names = patch.parameters.map((p: any) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['name', 'namespace', 'dryRun', 'fieldManager', 'fieldValidation', 'force']),
    );
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch;
    expect(scale['x-kubernetes-group-version-kind'].kind).toBe('Scale');
  });

  it('schemaForKind returns a self-contained schema', () => {
    const s = schemaForKind(deployInfo) as any;
    expect(s.$ref).toBe('#/components/schemas/io.k8s.api.apps.v1.Deployment');
    expect(s.components.schemas['io.k8s.api.core.v1.Container'].properties.image.type).toBe('string');
    expect(schemaForKind({ group: 'x', version: 'v1', kind: 'Nope' })).toBeUndefined();
  });
});

describe('OpenAPI v2', () => {
  it('swagger JSON uses #/definitions refs', () => {
    const doc = openapiV2Json() as any;
    expect(doc.swagger).toBe('2.0');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('#/components/');
    expect(doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.template.$ref).toBe(
      '#/definitions/io.k8s.api.core.v1.PodTemplateSpec',
    );
  });

  it('gnostic protobuf decodes back to the same content', () => {
    const json = openapiV2Json() as any;
    const back = decodeOpenapiV2Protobuf(openapiV2Protobuf());
    expect(back.swagger).toBe('2.0');
    expect(back.definitions.additionalProperties.map((d: any) => d.name).sort()).toEqual(
      Object.keys(json.definitions).sort(),
    );
    expect(back.paths.path.map((p: any) => p.name).sort()).toEqual(Object.keys(json.paths).sort());
    const dep = back.definitions.additionalProperties.find(
      (d: any) => d.name === 'io.k8s.api.apps.v1.Deployment',
    ).value;
    const gvk = dep.vendorExtension.find((e: any) => e.name === 'x-kubernetes-group-version-kind');
    expect(JSON.parse(gvk.value.yaml)).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    const spec = back.definitions.additionalProperties.find(
      (d: any) => d.name === 'io.k8s.api.apps.v1.DeploymentSpec',
    ).value;
    const replicas = spec.properties.additionalProperties.find((p: any) => p.name === 'replicas').value;
    expect(replicas.type.value).toEqual(['integer']);
    expect(replicas.description).toMatch(/Number of desired pods/);
  });
});

const k133 = kubectlBinary(33);
const k127 = kubectlBinary(27);
if (!k133 || !k127)
  console.log('skipping real-kubectl OpenAPI tests: kubectl.1.27/1.33 not found beside `which kubectl`');

describe.skipIf(!k133 || !k127)('real kubectl against these documents', () => {
  let server: Awaited<ReturnType<typeof startCaptureServer>>;
  const seen: string[] = [];
  const patches: string[] = [];
  let manifest: string;
  let applyManifest: string;
  const mk = (containers: object[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: { containers } },
    },
  });
  const applied = mk([
    { name: 'a', image: 'nginx' },
    { name: 'b', image: 'busybox' },
  ]);
  const live = {
    ...applied,
    metadata: {
      ...applied.metadata,
      resourceVersion: '5',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) },
    },
  };
  beforeAll(async () => {
    server = await startCaptureServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (body: Buffer | string, ct: string) => {
        res.writeHead(200, { 'Content-Type': ct });
        res.end(body);
        return true;
      };
      if (url.pathname.startsWith('/openapi/')) seen.push(`${url.pathname} ${req.headers.accept}`);
      if (url.pathname === '/openapi/v3') return send(JSON.stringify(openapiV3Index()), 'application/json');
      const doc = url.pathname.startsWith('/openapi/v3/')
        ? openapiV3Document(url.pathname.slice(12))
        : undefined;
      if (doc) return send(JSON.stringify(doc), 'application/json');
      if (url.pathname === '/openapi/v2')
        return send(openapiV2Protobuf(), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      if (url.pathname === '/apis/apps/v1/namespaces/default/deployments/app') {
        if (req.method === 'PATCH') patches.push(body.toString());
        return send(JSON.stringify(live), 'application/json');
      }
      return false;
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-test-'));
    manifest = path.join(dir, 'dep.yaml');
    fs.writeFileSync(manifest, JSON.stringify(deployment()));
    applyManifest = path.join(dir, 'apply.json');
    fs.writeFileSync(applyManifest, JSON.stringify(mk([{ name: 'a', image: 'nginx:2' }])));
  });
  afterAll(() => server?.close());

  it('kubectl 1.33 explain reads v3 (GVK lookup + descriptions)', async () => {
    const r = await runKubectl(k133!, server.url, ['explain', 'deployment.spec.replicas']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/FIELD: +replicas <integer>/);
    expect(r.stdout).toMatch(/Number of desired pods/);
    expect(seen.some((s) => s.startsWith('/openapi/v3/apis/apps/v1'))).toBe(true);
  });

  it('kubectl 1.27 decodes the v2 protobuf document (explain openapiv2, create -f)', async () => {
    const r = await runKubectl(k127!, server.url, [
      'explain',
      'deployment.spec.template.spec.containers.image',
      '--output=plaintext-openapiv2',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/FIELD: +image <string>/);
    expect(r.stdout).toMatch(/Container image name/);
    expect(
      seen.some((s) =>
        s.startsWith('/openapi/v2 application/com.github.proto-openapi.spec.v2@v1.0+protobuf'),
      ),
    ).toBe(true);
    const before = server.captured.length;
    const c = await runKubectl(k127!, server.url, ['create', '-f', manifest]);
    expect(c.code, c.stderr).toBe(0);
    expect(server.captured[before].url).toContain('fieldValidation=Strict');
  });

  it.each([33, 27])(
    'kubectl 1.%i apply computes strategic-merge patches from the served schemas',
    async (minor) => {
      const before = patches.length;
      const r = await runKubectl(minor === 33 ? k133! : k127!, server.url, ['apply', '-f', applyManifest]);
      expect(r.code, r.stderr).toBe(0);
      const patch = JSON.parse(patches[before]);
      expect(patch.spec.template.spec).toEqual({
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [
          { image: 'nginx:2', name: 'a' },
          { $patch: 'delete', name: 'b' },
        ],
      });
    },
  );
});
