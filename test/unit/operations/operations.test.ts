import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import type { WatchMessage } from '../../../orchestrator/contract/index.js';
import { findResource } from '../../../orchestrator/api/resources.js';

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

describe('operations over the registry', () => {
  let store: Store;
  let reg: Registry;
  let ops: Operations;
  beforeEach(() => {
    store = Store.open(':memory:');
    reg = new Registry(store);
    reg.bootstrap();
    ops = createOperations({ registry: reg, clusterName: 'test', watch: { batchMs: 5 } });
  });
  afterEach(() => store.close());

  it('applies YAML: created, then unchanged, then configured; dry-run writes nothing', async () => {
    const dry = await ops.applyYaml({ yaml: DEPLOY, dryRun: true });
    expect(dry.results).toEqual([
      { kind: 'deployment.apps', name: 'web', namespace: 'default', action: 'created' },
    ]);
    expect(dry.kubectl).toContain('--dry-run=server');
    expect((await ops.list({ kind: 'deployments', namespace: 'default' })).items).toHaveLength(0);
    expect((await ops.applyYaml({ yaml: DEPLOY })).results[0].action).toBe('created');
    expect((await ops.applyYaml({ yaml: DEPLOY })).results[0].action).toBe('unchanged');
    const changed = await ops.applyYaml({ yaml: DEPLOY.replace('replicas: 2', 'replicas: 3') });
    expect(changed.results[0].action).toBe('configured');
  });

  it('pins server validation errors and syntax errors to their lines', async () => {
    const bad = DEPLOY.replace('replicas: 2', 'replicas: -1');
    const res = await ops.applyYaml({ yaml: bad, dryRun: true });
    expect(res.results).toEqual([]);
    expect(res.errors[0]).toMatchObject({ line: 6, document: 0 });
    expect(res.errors[0].message).toContain('spec.replicas');
    const multi = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Nope\nmetadata: {name: b}\n`;
    const r2 = await ops.applyYaml({ yaml: multi });
    expect(r2.results.map((r) => r.action)).toEqual(['created']);
    expect(r2.errors).toEqual([expect.objectContaining({ line: 6, document: 1 })]);
    const syntax = await ops.applyYaml({ yaml: 'a: [1,\nb: 2\n' });
    expect(syntax.errors.length).toBeGreaterThan(0);
  });

  it('creates, scales, sets image and restarts a deployment with kubectl equivalents', async () => {
    const c = await ops.createDeployment({
      namespace: 'default',
      name: 'hello',
      image: 'kubedeck-test/busybox:latest',
      replicas: 2,
    });
    expect(c.kubectl).toBe(
      'kubectl create deployment hello --image=kubedeck-test/busybox:latest --replicas=2',
    );
    const d = reg.get(findResource('apps', 'v1', 'deployments')!, 'default', 'hello');
    expect(d.spec.template.spec.containers[0].name).toBe('busybox');
    expect((await ops.scale({ namespace: 'default', name: 'hello', replicas: 3 })).message).toBe(
      'deployment.apps/hello scaled',
    );
    await ops.setImage({ namespace: 'default', name: 'hello', container: 'busybox', image: 'x:2' });
    await ops.rolloutRestart({ namespace: 'default', name: 'hello' });
    const after = reg.get(findResource('apps', 'v1', 'deployments')!, 'default', 'hello');
    expect(after.spec.replicas).toBe(3);
    expect(after.spec.template.spec.containers[0].image).toBe('x:2');
    expect(after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    await expect(
      ops.setImage({ namespace: 'default', name: 'hello', container: 'nope', image: 'y' }),
    ).rejects.toThrow('unable to find container named "nope"');
    await expect(ops.rolloutUndo({ namespace: 'default', name: 'hello' })).rejects.toThrow(
      'no rollout history found',
    );
    const del = await ops.delete({
      kind: 'deployments',
      namespace: 'default',
      name: 'hello',
      cascade: 'orphan',
    });
    expect(del.kubectl).toBe('kubectl delete deployment.apps hello -n default --cascade=orphan');
  });

  it('watch sends a snapshot, then batched changes coalesced by uid', async () => {
    const msgs: WatchMessage[] = [];
    const w = ops.watch('w1', 'configmaps', 'default', (m) => msgs.push(m));
    expect(msgs[0]).toMatchObject({ id: 'w1', type: 'sync', items: [] });
    await ops.applyYaml({ yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: "1"}\n' });
    await ops.applyYaml({ yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: "2"}\n' });
    await new Promise((r) => setTimeout(r, 50));
    w.stop();
    const batches = msgs.filter((m) => m.type === 'events');
    expect(batches).toHaveLength(1);
    const ev = batches[0].type === 'events' ? batches[0].events : [];
    expect(ev).toHaveLength(1);
    expect(ev[0].type).toBe('ADDED');
    expect(ev[0].object.data.k).toBe('2');
    expect(ev[0].object.metadata.managedFields).toBeUndefined();
  });
});
