// The ReplicationController controller (the ReplicaSet controller through the RC adapter) over a
// real registry: pods created and owned, scale down, status, adoption of matching orphans.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../../orchestrator/storage/store.js';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { ReplicaSetController } from '../../../../orchestrator/controllers/replicaset/controller.js';
import {
  REPLICATION_CONTROLLER_KIND,
  replicationControllerAsReplicaSet,
} from '../../../../orchestrator/controllers/replicationcontroller/adapter.js';

const PODS = findResource('', 'v1', 'pods')!;
const RC = findResource('', 'v1', 'replicationcontrollers')!;
const EVENTS = findResource('', 'v1', 'events')!;

const rc = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'busybox:1', command: ['sleep', '3600'] }] },
    },
  },
});

describe('replicationcontroller controller', () => {
  let reg: Registry;
  let ctrl: ReplicaSetController | undefined;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    ctrl = new ReplicaSetController(reg, {
      clock: new FakeClock(Date.now()),
      kind: REPLICATION_CONTROLLER_KIND,
    });
    ctrl.start();
  });
  afterEach(() => ctrl?.stop());
  const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000, interval: 5 });
  const podsOf = (name: string) =>
    reg.list(PODS, 'default').items.filter((p) => p.metadata.ownerReferences?.some((r) => r.name === name));

  it('shows an RC to the ReplicaSet logic with a matchLabels selector, keeping its identity', () => {
    const view = replicationControllerAsReplicaSet({
      ...rc('a', 1),
      spec: { ...rc('a', 1).spec, selector: { app: 'a' } },
    });
    expect(view.spec.selector).toEqual({ matchLabels: { app: 'a' } });
    expect(view.kind).toBe('ReplicationController');
    expect(view.apiVersion).toBe('v1');
  });

  it('creates owned pods, writes status and events, scales down', async () => {
    const created = reg.create(RC, 'default', rc('web', 3));
    await waitFor(() => expect(podsOf('web')).toHaveLength(3));
    for (const p of podsOf('web')) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          name: 'web',
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    await waitFor(() =>
      expect(reg.get(RC, 'default', 'web').status).toMatchObject({
        replicas: 3,
        fullyLabeledReplicas: 3,
        readyReplicas: 0,
        availableReplicas: 0,
        observedGeneration: 1,
      }),
    );
    const events = reg.list(EVENTS, 'default').items.filter((e) => e.involvedObject?.name === 'web');
    expect(
      events.some(
        (e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'ReplicationController',
      ),
    ).toBe(true);
    expect(events[0].source?.component).toBe('replication-controller');

    const cur = reg.get(RC, 'default', 'web');
    reg.update(RC, 'default', 'web', { ...cur, spec: { ...cur.spec, replicas: 1 } });
    await waitFor(() => expect(podsOf('web')).toHaveLength(1));
    await waitFor(() =>
      expect(reg.get(RC, 'default', 'web').status).toMatchObject({ replicas: 1, observedGeneration: 2 }),
    );
  });

  it('adopts a matching orphan pod instead of creating one', async () => {
    reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: 'default', labels: { app: 'api' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    const created = reg.create(RC, 'default', rc('api', 1));
    await waitFor(() =>
      expect(reg.get(PODS, 'default', 'orphan').metadata.ownerReferences?.[0]?.uid).toBe(
        created.metadata.uid,
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(podsOf('api').map((p) => p.metadata.name)).toEqual(['orphan']);
  });
});
