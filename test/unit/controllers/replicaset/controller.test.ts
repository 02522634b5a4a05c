// The ReplicaSet controller over a real registry: creation, replacement, scale-down order,
// adoption/release, expectations, minReadySeconds and failure reporting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../../orchestrator/storage/store.js';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import { StatusError } from '../../../../orchestrator/api/errors.js';
import type { KubeObject, ResourceInfo } from '../../../../orchestrator/api/types.js';
import type { WriteOptions } from '../../../../orchestrator/api/registry/context.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { ReplicaSetController } from '../../../../orchestrator/controllers/replicaset/controller.js';
import { readyStatus, replicaSet } from './helpers.js';

const PODS = findResource('', 'v1', 'pods')!;
const RS = findResource('apps', 'v1', 'replicasets')!;
const EVENTS = findResource('', 'v1', 'events')!;

/** A registry whose pod creates can be made to fail (stands in for quota or admission errors). */
class TestRegistry extends Registry {
  failPodCreates = false;
  podCreates = 0;
  override create(info: ResourceInfo, namespace: string, body: KubeObject, opts?: WriteOptions): KubeObject {
    if (info.resource === 'pods') {
      this.podCreates++;
      if (this.failPodCreates)
        throw new StatusError(403, 'Forbidden', 'pods "x" is forbidden: exceeded quota');
    }
    return super.create(info, namespace, body, opts);
  }
}

describe('replicaset controller', () => {
  let reg: TestRegistry;
  let clock: FakeClock;
  let ctrl: ReplicaSetController | undefined;

  beforeEach(() => {
    reg = new TestRegistry(Store.open(':memory:'));
    reg.bootstrap();
    clock = new FakeClock(Date.now());
  });
  afterEach(() => ctrl?.stop());

  const start = () => {
    ctrl = new ReplicaSetController(reg, { clock });
    ctrl.start();
    return ctrl;
  };
  const podsOf = (rs: string) =>
    reg
      .list(PODS, 'default')
      .items.filter((p) => p.metadata.ownerReferences?.some((r) => r.name === rs))
      .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000, interval: 5 });
  const eventsOf = (name: string) =>
    reg.list(EVENTS, 'default').items.filter((e) => e.involvedObject?.name === name);
  const setStatus = (pod: KubeObject, status: Record<string, any>) => {
    const cur = reg.get(PODS, 'default', pod.metadata.name!);
    reg.update(PODS, 'default', pod.metadata.name!, { ...cur, status }, {}, 'status');
  };
  const scale = (name: string, replicas: number) => {
    const cur = reg.get(RS, 'default', name);
    reg.update(RS, 'default', name, { ...cur, spec: { ...cur.spec, replicas } });
  };

  it('creates pods from the template with a controller reference, events and status', async () => {
    start();
    const rs = reg.create(RS, 'default', replicaSet('web', 3));
    await waitFor(() => expect(podsOf('web')).toHaveLength(3));
    for (const p of podsOf('web')) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(p.spec.containers[0].command).toEqual(['sleep', '3600']);
    }
    await waitFor(() =>
      expect(reg.get(RS, 'default', 'web').status).toMatchObject({
        replicas: 3,
        fullyLabeledReplicas: 3,
        readyReplicas: 0,
        availableReplicas: 0,
        observedGeneration: 1,
      }),
    );
    const created = eventsOf('web').filter((e) => e.reason === 'SuccessfulCreate');
    expect(created.map((e) => e.message).sort()).toEqual(
      podsOf('web').map((p) => `Created pod: ${p.metadata.name}`),
    );
    expect(created[0].source).toEqual({ component: 'replicaset-controller' });
  });

  it('replaces a deleted pod and ignores terminal pods', async () => {
    start();
    reg.create(RS, 'default', replicaSet('web', 2));
    await waitFor(() => expect(podsOf('web')).toHaveLength(2));
    const [gone, failed] = podsOf('web');
    reg.delete(PODS, 'default', gone.metadata.name!);
    setStatus(failed, { phase: 'Failed' });
    await waitFor(() => {
      const active = podsOf('web').filter((p) => p.status.phase !== 'Failed');
      expect(active).toHaveLength(2);
      expect(active.map((p) => p.metadata.name)).not.toContain(gone.metadata.name);
    });
    // A failed pod stays (the pod GC's job) but does not count.
    expect(podsOf('web').filter((p) => p.status.phase === 'Failed')).toHaveLength(1);
    await waitFor(() => expect(reg.get(RS, 'default', 'web').status.replicas).toBe(2));
  });

  it('scales down deleting not-ready pods before ready ones', async () => {
    start();
    reg.create(RS, 'default', replicaSet('web', 4));
    await waitFor(() => expect(podsOf('web')).toHaveLength(4));
    const pods = podsOf('web');
    const since = new Date(clock.now() - 60_000).toISOString();
    setStatus(pods[0], readyStatus(since));
    setStatus(pods[2], readyStatus(since));
    await waitFor(() => expect(reg.get(RS, 'default', 'web').status.readyReplicas).toBe(2));
    scale('web', 2);
    await waitFor(() =>
      expect(podsOf('web').map((p) => p.metadata.name)).toEqual([
        pods[0].metadata.name,
        pods[2].metadata.name,
      ]),
    );
    const deleted = eventsOf('web')
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message)
      .sort();
    expect(deleted).toEqual(
      [`Deleted pod: ${pods[1].metadata.name}`, `Deleted pod: ${pods[3].metadata.name}`].sort(),
    );
  });

  it('adopts matching orphans and releases pods that stop matching', async () => {
    reg.create(PODS, 'default', {
      metadata: { name: 'stray', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    start();
    const rs = reg.create(RS, 'default', replicaSet('web', 1));
    await waitFor(() =>
      expect(reg.get(PODS, 'default', 'stray').metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true }),
      ]),
    );
    await waitFor(() => expect(reg.get(RS, 'default', 'web').status?.replicas).toBe(1));
    expect(podsOf('web').map((p) => p.metadata.name)).toEqual(['stray']);
    expect(reg.get(RS, 'default', 'web').status.fullyLabeledReplicas).toBe(0); // lacks tier=web
    // Relabel: released (no owner reference) and replaced.
    const cur = reg.get(PODS, 'default', 'stray');
    reg.update(PODS, 'default', 'stray', { ...cur, metadata: { ...cur.metadata, labels: { app: 'other' } } });
    await waitFor(() => {
      expect(reg.get(PODS, 'default', 'stray').metadata.ownerReferences).toBeUndefined();
      expect(podsOf('web')).toHaveLength(1);
      expect(podsOf('web')[0].metadata.name).not.toBe('stray');
    });
  });

  it('does not create while creations are expected, until they expire after 5 minutes', async () => {
    const c = start();
    c.expectations.expectCreations('default/web', 2);
    reg.create(RS, 'default', replicaSet('web', 2));
    await new Promise((r) => setTimeout(r, 100));
    expect(podsOf('web')).toHaveLength(0);
    clock.advance(5 * 60 * 1000 + 1);
    c.queue.add('default/web');
    await waitFor(() => expect(podsOf('web')).toHaveLength(2));
    // No double creation once the informer catches up.
    await new Promise((r) => setTimeout(r, 100));
    expect(podsOf('web')).toHaveLength(2);
  });

  it('counts pods available only after minReadySeconds', async () => {
    start();
    reg.create(RS, 'default', replicaSet('web', 1, { minReadySeconds: 10 }));
    await waitFor(() => expect(podsOf('web')).toHaveLength(1));
    setStatus(podsOf('web')[0], readyStatus(new Date(clock.now()).toISOString()));
    await waitFor(() =>
      expect(reg.get(RS, 'default', 'web').status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 }),
    );
    clock.advance(11_000);
    await waitFor(() => expect(reg.get(RS, 'default', 'web').status.availableReplicas).toBe(1));
  });

  it('reports create failures: slow start, FailedCreate event, ReplicaFailure condition', async () => {
    reg.failPodCreates = true;
    start();
    reg.create(RS, 'default', replicaSet('web', 5));
    await waitFor(() =>
      expect(reg.get(RS, 'default', 'web').status?.conditions).toEqual([
        expect.objectContaining({
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message: 'pods "x" is forbidden: exceeded quota',
        }),
      ]),
    );
    // Slow start: each sync's first batch of 1 failed, so the other 4 were not attempted (one sync,
    // plus the one the status write triggers).
    await new Promise((r) => setTimeout(r, 50));
    expect(reg.podCreates).toBeLessThanOrEqual(2);
    expect(eventsOf('web').find((e) => e.reason === 'FailedCreate')?.message).toBe(
      'Error creating: pods "x" is forbidden: exceeded quota',
    );
    reg.failPodCreates = false;
    clock.advance(1000); // the rate-limited retry
    await waitFor(() => expect(podsOf('web')).toHaveLength(5));
    await waitFor(() => expect(reg.get(RS, 'default', 'web').status.conditions).toBeUndefined());
  });

  it('creates nothing while the ReplicaSet is being deleted', async () => {
    start();
    reg.create(RS, 'default', replicaSet('web', 2));
    await waitFor(() => expect(podsOf('web')).toHaveLength(2));
    reg.delete(RS, 'default', 'web', { propagationPolicy: 'Foreground' });
    expect(reg.get(RS, 'default', 'web').metadata.deletionTimestamp).toBeTruthy();
    reg.delete(PODS, 'default', podsOf('web')[0].metadata.name!);
    await new Promise((r) => setTimeout(r, 100));
    expect(podsOf('web')).toHaveLength(1);
  });
});
