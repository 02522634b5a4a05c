// diffManifest against a real in-process registry: new, unchanged and changed objects, bookkeeping
// stripped like `kubectl diff`, secrets masked, and nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import { findResource } from '../../../orchestrator/api/resources.js';

const CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1
`;

describe('diffManifest (kubectl diff --server-side)', () => {
  let store: Store;
  let ops: Operations;
  let reg: Registry;
  beforeEach(() => {
    store = Store.open(':memory:');
    reg = new Registry(store);
    reg.bootstrap();
    ops = createOperations({ registry: reg, clusterName: 'test' });
  });
  afterEach(() => store.close());

  it('reports new objects with the dry-run result and writes nothing', async () => {
    const r = await ops.diffManifest({ yaml: `${CM}---\n${DEPLOY}` });
    expect(r.kubectl).toBe('kubectl diff --server-side --force-conflicts -f manifest.yaml');
    expect(r.changed).toBe(true);
    expect(r.objects.map((o) => [o.kind, o.name, o.state])).toEqual([
      ['configmap', 'settings', 'new'],
      ['deployment.apps', 'web', 'new'],
    ]);
    expect(r.objects[0].live).toBe('');
    const merged = parse(r.objects[1].merged);
    // Server defaults are in the would-be object; bookkeeping is not.
    expect(merged.spec.strategy.type).toBe('RollingUpdate');
    expect(merged.metadata).not.toHaveProperty('managedFields');
    expect(merged.metadata).not.toHaveProperty('uid');
    expect(merged.metadata).not.toHaveProperty('resourceVersion');
    expect((await ops.list({ kind: 'configmaps', namespace: 'default' })).items).toHaveLength(0);
  });

  it('unchanged after apply; a changed field shows on both sides only where it differs', async () => {
    await ops.applyYaml({ yaml: `${CM}---\n${DEPLOY}` });
    const same = await ops.diffManifest({ yaml: `${CM}---\n${DEPLOY}` });
    expect(same.objects.map((o) => o.state)).toEqual(['unchanged', 'unchanged']);
    expect(same.changed).toBe(false);
    expect(same.objects[0].live).toBe(same.objects[0].merged);
    expect(same.objects[0].live).not.toMatch(/resourceVersion|creationTimestamp|uid|managedFields/);

    const r = await ops.diffManifest({
      yaml: DEPLOY.replace('replicas: 2', 'replicas: 5'),
      namespace: 'default',
    });
    expect(r.kubectl).toContain(' -n default ');
    const [d] = r.objects;
    expect(d.state).toBe('changed');
    expect(parse(d.live).spec.replicas).toBe(2);
    expect(parse(d.merged).spec.replicas).toBe(5);
    // Only replicas differs: generation (bumped by the dry run) is stripped on both sides.
    const differing = d.live.split('\n').filter((l) => !d.merged.split('\n').includes(l));
    expect(differing).toEqual(['  replicas: 2']);
    const live = await ops.getYaml({ kind: 'deployments', namespace: 'default', name: 'web' });
    expect(parse(live.yaml).spec.replicas).toBe(2);
  });

  it('keeps a client-side last-applied annotation current exactly as kubectl --server-side does', async () => {
    const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
    const old =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"color":"red"}}';
    // What `kubectl apply` (client-side) leaves: a create by its own field manager, annotated.
    reg.create(
      findResource('', 'v1', 'configmaps')!,
      'default',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', annotations: { [LAST]: old } },
        data: { color: 'red' },
      },
      { fieldManager: 'kubectl-client-side-apply' },
    );
    const d = (await ops.diffManifest({ yaml: CM })).objects[0];
    expect(d.state).toBe('changed');
    // The value real kubectl 1.33 writes: keys sorted, namespace filled in.
    const expected =
      '{"apiVersion":"v1","data":{"color":"blue"},"kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"}}';
    expect(parse(d.merged).metadata.annotations[LAST]).toBe(expected);
    await ops.applyYaml({ yaml: CM });
    const live = await ops.getYaml({ kind: 'configmaps', namespace: 'default', name: 'settings' });
    expect(parse(live.yaml).metadata.annotations[LAST]).toBe(expected);
    expect((await ops.diffManifest({ yaml: CM })).objects[0].state).toBe('unchanged');
  });

  it('masks Secret values, marking changed keys', async () => {
    const secret = (v: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {}\ndata:\n  same: YQ==\n  pw: ${v}\n`;
    await ops.applyYaml({ yaml: secret('b2xk') });
    const [d] = (await ops.diffManifest({ yaml: secret('bmV3') })).objects;
    expect(d.state).toBe('changed');
    expect(parse(d.live).data).toEqual({ same: '***', pw: '*** (before)' });
    expect(parse(d.merged).data).toEqual({ same: '***', pw: '*** (after)' });
    expect(d.live + d.merged).not.toMatch(/b2xk|bmV3|YQ==/);
  });

  it('pins server and syntax errors to their lines, like apply', async () => {
    const r = await ops.diffManifest({
      yaml: `${DEPLOY.replace('replicas: 2', 'replicas: -1')}---\napiVersion: v1\nkind: Nope\nmetadata: {name: x}\n`,
    });
    expect(r.objects).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.document])).toEqual([
      [6, 0],
      [18, 1],
    ]);
    expect(r.errors[0].message).toContain('spec.replicas');
  });
});
