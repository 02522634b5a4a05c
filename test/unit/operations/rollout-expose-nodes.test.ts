import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import { findResource } from '../../../orchestrator/api/resources.js';

const RS = findResource('apps', 'v1', 'replicasets')!;
const SVC = findResource('', 'v1', 'services')!;
const NODES = findResource('', 'v1', 'nodes')!;

describe('rollout history, pause/resume, expose, node actions', () => {
  let store: Store;
  let reg: Registry;
  let ops: Operations;
  const power: { action: string; node: string }[] = [];
  beforeEach(async () => {
    store = Store.open(':memory:');
    reg = new Registry(store);
    reg.bootstrap();
    power.length = 0;
    ops = createOperations({
      registry: reg,
      clusterName: 'test',
      // eslint-disable-next-line @typescript-eslint/require-await
      nodePower: async (action, node) => {
        power.push({ action, node });
        return [`✓ did ${action} ${node}`];
      },
    });
    await ops.createDeployment({ namespace: 'default', name: 'web', image: 'img:v1', port: 80 });
  });
  afterEach(() => store.close());

  /** What the Deployment controller would leave behind: one RS per revision. */
  function addRevision(rev: number, image: string, cause?: string) {
    const d = reg.get(findResource('apps', 'v1', 'deployments')!, 'default', 'web');
    reg.create(RS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `web-h${rev}`,
        annotations: {
          'deployment.kubernetes.io/revision': String(rev),
          ...(cause ? { 'kubernetes.io/change-cause': cause } : {}),
        },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true },
        ],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': `h${rev}` } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': `h${rev}` } },
          spec: { containers: [{ name: 'img', image }] },
        },
      },
    });
    reg.patch(
      findResource('apps', 'v1', 'deployments')!,
      'default',
      'web',
      'application/merge-patch+json',
      JSON.stringify({ metadata: { annotations: { 'deployment.kubernetes.io/revision': String(rev) } } }),
      {},
    );
  }

  it('lists revisions newest first with change-causes and hash-free templates; undo to one', async () => {
    addRevision(1, 'img:v1');
    addRevision(2, 'img:v2', 'kubectl set image deployment/web img=img:v2');
    const h = await ops.rolloutHistory({ namespace: 'default', name: 'web' });
    expect(h.kubectl).toBe('kubectl rollout history deployment/web');
    expect(h.revisions.map((r) => [r.revision, r.changeCause, r.current, r.images])).toEqual([
      [2, 'kubectl set image deployment/web img=img:v2', true, ['img:v2']],
      [1, '', false, ['img:v1']],
    ]);
    expect(h.revisions[0].template).toContain('image: img:v2');
    expect(h.revisions[0].template).not.toContain('pod-template-hash');
    const undo = await ops.rolloutUndo({ namespace: 'default', name: 'web', toRevision: 1 });
    expect(undo.kubectl).toBe('kubectl rollout undo deployment/web --to-revision=1');
    await expect(ops.rolloutHistory({ namespace: 'default', name: 'nope' })).rejects.toThrow(/not found/);
  });

  it('pauses and resumes, refusing a no-op like kubectl', async () => {
    const p = await ops.rolloutPause({ namespace: 'default', name: 'web' });
    expect(p).toEqual({
      kubectl: 'kubectl rollout pause deployment/web',
      message: 'deployment.apps/web paused',
    });
    await expect(ops.rolloutPause({ namespace: 'default', name: 'web' })).rejects.toThrow(
      'deployments.apps "web" is already paused',
    );
    const r = await ops.rolloutResume({ namespace: 'default', name: 'web' });
    expect(r.message).toBe('deployment.apps/web resumed');
    await expect(ops.rolloutResume({ namespace: 'default', name: 'web' })).rejects.toThrow('is not paused');
  });

  it('exposes a deployment as a Service selecting its pods', async () => {
    const r = await ops.expose({
      namespace: 'default',
      deployment: 'web',
      type: 'LoadBalancer',
      port: 8080,
      targetPort: 80,
    });
    expect(r).toEqual({
      kubectl: 'kubectl expose deployment web --type=LoadBalancer --port=8080 --target-port=80',
      message: 'service/web exposed',
    });
    const svc = reg.get(SVC, 'default', 'web');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 80, protocol: 'TCP' });
    await expect(ops.expose({ namespace: 'default', deployment: 'web', port: 0 })).rejects.toThrow('--port');
    await expect(ops.expose({ namespace: 'default', deployment: 'web', port: 80 })).rejects.toThrow(
      /already exists/,
    );
  });

  it('cordons/uncordons through spec.unschedulable and hands power actions to the node-ops hook', async () => {
    reg.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1' } });
    const c = await ops.nodeAction({ node: 'w1', action: 'cordon' });
    expect(c).toEqual({ kubectl: 'kubectl cordon w1', message: 'node/w1 cordoned' });
    expect(reg.get(NODES, '', 'w1').spec.unschedulable).toBe(true);
    await ops.nodeAction({ node: 'w1', action: 'uncordon' });
    expect(reg.get(NODES, '', 'w1').spec?.unschedulable).toBeFalsy();
    const s = await ops.nodeAction({ node: 'w1', action: 'stop' });
    expect(s).toEqual({ kubectl: 'kubedeck node stop w1 --name test', message: '✓ did stop w1' });
    expect(power).toEqual([{ action: 'stop', node: 'w1' }]);
    await expect(ops.nodeAction({ node: 'w1', action: 'explode' as never })).rejects.toThrow('unknown');
  });
});
