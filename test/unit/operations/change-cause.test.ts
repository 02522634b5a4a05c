// Change-causes through the operations: `set image` records one on the Deployment (kubectl's
// `annotate kubernetes.io/change-cause`), and `rollout undo` takes the chosen revision's own
// annotations like kubectl's rollback, so the history keeps each revision's cause.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import { findResource } from '../../../orchestrator/api/resources.js';

const DEPLOY = findResource('apps', 'v1', 'deployments')!;
const RS = findResource('apps', 'v1', 'replicasets')!;
const CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';

describe('change-causes in set image and rollout undo', () => {
  let store: Store;
  let reg: Registry;
  let ops: Operations;
  beforeEach(async () => {
    store = Store.open(':memory:');
    reg = new Registry(store);
    reg.bootstrap();
    // eslint-disable-next-line @typescript-eslint/require-await
    ops = createOperations({ registry: reg, clusterName: 'test', nodePower: async () => [] });
    await ops.createDeployment({ namespace: 'default', name: 'app', image: 'app:v1' });
  });
  afterEach(() => store.close());

  const annotations = () => reg.get(DEPLOY, 'default', 'app').metadata.annotations ?? {};

  it('set image with a change-cause annotates in the same write and shows both kubectl commands', async () => {
    const r = await ops.setImage({
      namespace: 'default',
      name: 'app',
      container: 'app',
      image: 'app:v2',
      changeCause: "v2: it's faster",
    });
    expect(r.kubectl).toBe(
      `kubectl set image deployment/app app=app:v2 && kubectl annotate deployment/app kubernetes.io/change-cause='v2: it'\\''s faster' --overwrite`,
    );
    const d = reg.get(DEPLOY, 'default', 'app');
    expect(d.spec.template.spec.containers[0].image).toBe('app:v2');
    expect(d.metadata.annotations?.[CAUSE]).toBe("v2: it's faster");
    // Without one, nothing is recorded and the command is kubectl's alone.
    const plain = await ops.setImage({
      namespace: 'default',
      name: 'app',
      container: 'app',
      image: 'app:v3',
    });
    expect(plain.kubectl).toBe('kubectl set image deployment/app app=app:v3');
  });

  it("undo copies the revision's annotations (its change-cause, or none) and keeps the bookkeeping ones", async () => {
    const d = reg.get(DEPLOY, 'default', 'app');
    const rs = (rev: number, image: string, cause?: string) =>
      reg.create(RS, 'default', {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `app-h${rev}`,
          annotations: { [REVISION]: String(rev), ...(cause ? { [CAUSE]: cause } : {}) },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'app',
              uid: d.metadata.uid!,
              controller: true,
            },
          ],
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'app', 'pod-template-hash': `h${rev}` } },
          template: {
            metadata: { labels: { app: 'app', 'pod-template-hash': `h${rev}` } },
            spec: { containers: [{ name: 'app', image }] },
          },
        },
      });
    rs(1, 'app:v1');
    rs(2, 'app:v2', 'image v2');
    rs(3, 'app:bad', 'image bad');
    await ops.setImage({
      namespace: 'default',
      name: 'app',
      container: 'app',
      image: 'app:bad',
      changeCause: 'image bad',
    });
    reg.patch(
      DEPLOY,
      'default',
      'app',
      'application/merge-patch+json',
      JSON.stringify({ metadata: { annotations: { [REVISION]: '3' } } }),
      {},
    );

    await ops.rolloutUndo({ namespace: 'default', name: 'app' });
    expect(annotations()).toEqual({ [REVISION]: '3', [CAUSE]: 'image v2' });
    expect(reg.get(DEPLOY, 'default', 'app').spec.template.spec.containers[0].image).toBe('app:v2');

    await ops.rolloutUndo({ namespace: 'default', name: 'app', toRevision: 1 });
    expect(annotations()).toEqual({ [REVISION]: '3' });
  });
});
