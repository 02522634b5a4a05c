// progressDeadlineSeconds through the running controller loop with a FakeClock, paused/resumed
// conditions, and the Recreate strategy's wait for old pods.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findResource } from '../../../../orchestrator/api/resources.js';
import { deployment, Harness, T0 } from './helpers.js';

const PODS = findResource('', 'v1', 'pods')!;

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(() => h.ctl.stop());

const waitFor = <T>(f: () => T) => vi.waitFor(f, { timeout: 3000, interval: 5 });

describe('progress deadline', () => {
  it('marks a stalled rollout ProgressDeadlineExceeded when the clock passes the deadline', async () => {
    h.create(deployment('web', 1, { progressDeadlineSeconds: 10 }));
    h.ctl.start();
    const rs = await waitFor(() => {
      const [r] = h.rss('web');
      if (!r) throw new Error('no RS yet');
      return r;
    });
    // The new pod never becomes ready (think ErrImagePull).
    h.settle(() => false);
    await waitFor(() => expect(h.condition('web', 'Progressing')?.reason).toBe('ReplicaSetUpdated'));
    expect(h.condition('web', 'Progressing')).toMatchObject({
      status: 'True',
      message: `ReplicaSet "${rs.metadata.name}" is progressing.`,
      lastUpdateTime: new Date(T0).toISOString().replace('.000Z', 'Z'),
    });
    // Nothing happens before the deadline…
    h.clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.condition('web', 'Progressing').reason).toBe('ReplicaSetUpdated');
    // …and without any other event the deadline requeue marks it timed out.
    h.clock.advance(6_000);
    await waitFor(() =>
      expect(h.condition('web', 'Progressing')).toMatchObject({
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
      }),
    );
    expect(h.get('web').status.unavailableReplicas).toBe(1);
  });

  it('a completed rollout is not timed out later', async () => {
    h.create(deployment('web', 1, { progressDeadlineSeconds: 10 }));
    h.ctl.start();
    await waitFor(() => expect(h.rss('web')).toHaveLength(1));
    h.settle();
    await waitFor(() => expect(h.condition('web', 'Progressing')?.reason).toBe('NewReplicaSetAvailable'));
    h.clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.condition('web', 'Progressing').reason).toBe('NewReplicaSetAvailable');
  });
});

describe('paused', () => {
  it('shows DeploymentPaused, rolls nothing out while paused, resumes with a new RS', () => {
    h.create(deployment('web', 2));
    h.sync('web');
    h.settle();
    h.sync('web');
    h.edit('web', (d) => (d.spec.paused = true));
    h.sync('web');
    expect(h.condition('web', 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    h.setImage('web', 'img:v2');
    h.sync('web');
    expect(h.rss('web')).toHaveLength(1);
    // Scaling still works while paused.
    h.edit('web', (d) => (d.spec.replicas = 3));
    h.sync('web');
    expect(h.rss('web')[0].spec.replicas).toBe(3);
    h.edit('web', (d) => (d.spec.paused = false));
    h.sync('web');
    expect(h.rsByImage('web', 'img:v2')).toBeDefined();
  });
});

describe('Recreate', () => {
  it('scales old RSs to zero, waits for their pods, then creates the new RS at full size', () => {
    h.create(deployment('web', 2, { strategy: { type: 'Recreate' } }));
    h.sync('web');
    h.settle();
    h.sync('web');
    const v1 = h.rsByImage('web', 'img:v1')!;
    expect(v1.spec.replicas).toBe(2);
    h.setImage('web', 'img:v2');
    h.sync('web');
    expect(h.rsByImage('web', 'img:v1')!.spec.replicas).toBe(0);
    expect(h.rsByImage('web', 'img:v2')).toBeUndefined();
    // An old pod still running keeps the new RS from being created.
    h.settle();
    const pod = h.reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-old-1',
        labels: v1.spec.template.metadata.labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: v1.metadata.name,
            uid: v1.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'img:v1' }] },
    });
    h.reg.update(PODS, 'default', 'web-old-1', { ...pod, status: { phase: 'Running' } }, {}, 'status');
    h.sync('web');
    expect(h.rsByImage('web', 'img:v2')).toBeUndefined();
    h.reg.delete(PODS, 'default', 'web-old-1', { gracePeriodSeconds: 0 });
    h.sync('web');
    expect(h.rsByImage('web', 'img:v2')!.spec.replicas).toBe(2);
  });
});
