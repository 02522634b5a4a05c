// The controller's decisions step by step over a real registry: new RS creation, rolling steps
// within the fenceposts, proportional scaling, Recreate, paused, revisions and history cleanup.
import { beforeEach, describe, expect, it } from 'vitest';
import { computeHash } from '../../../../orchestrator/controllers/deployment/util.js';
import { deployment, Harness, REPLICASETS, rev, rolling } from './helpers.js';

let h: Harness;
beforeEach(() => {
  h = new Harness();
});

/** Syncs and settles until nothing changes (bounded), checking invariants after every step. */
function converge(name: string, check: () => void = () => {}, healthy?: (rs: any) => boolean): number {
  let last = '';
  for (let i = 0; i < 60; i++) {
    h.sync(name);
    check();
    h.settle(healthy);
    const snap = JSON.stringify([h.get(name).status, h.rss(name).map((r) => [r.spec.replicas, r.status])]);
    if (snap === last) return i;
    last = snap;
  }
  throw new Error('did not converge');
}

describe('new ReplicaSet', () => {
  it('creates <deploy>-<hash> with the hash in labels, selector and template, and revision 1', () => {
    h.create(
      deployment('web', 3, {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'img:v1' }] },
        },
      }),
    );
    h.edit('web', (d) => (d.metadata.annotations = { 'kubernetes.io/change-cause': 'first', other: 'x' }));
    h.sync('web');
    const [rs] = h.rss('web');
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'kubernetes.io/change-cause': 'first',
      other: 'x',
    });
    const d = h.get('web');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(h.events()).toEqual([`Scaled up replica set web-${hash} to 3`]);
    expect(h.condition('web', 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "web-${hash}"`,
    });
  });

  it('ends with a complete status once the RS is available', () => {
    h.create(deployment('web', 3));
    converge('web');
    const d = h.get('web');
    const rs = h.rss('web')[0];
    expect(d.status).toMatchObject({
      observedGeneration: d.metadata.generation,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(h.condition('web', 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(h.condition('web', 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    });
  });

  it('reports unavailable replicas and Available=False below the minimum', () => {
    h.create(deployment('web', 4, rolling(1, 1)));
    converge('web', undefined, () => false);
    const d = h.get('web');
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, unavailableReplicas: 4 });
    expect(d.status.availableReplicas).toBeUndefined();
    expect(h.condition('web', 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  });
});

describe('rolling update', () => {
  it('10 replicas, maxSurge 3 / maxUnavailable 2: never above 13 nor below 8 available, oldest first', () => {
    h.create(deployment('web', 10, rolling(3, 2)));
    converge('web');
    h.setImage('web', 'img:v2');
    let maxTotal = 0;
    let minAvailable = 10;
    const steps = converge('web', () => {
      const rss = h.rss('web');
      maxTotal = Math.max(
        maxTotal,
        rss.reduce((n, r) => n + r.spec.replicas, 0),
      );
      minAvailable = Math.min(
        minAvailable,
        rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0),
      );
    });
    expect(steps).toBeGreaterThan(2);
    expect(maxTotal).toBe(13);
    expect(minAvailable).toBeGreaterThanOrEqual(8);
    const v1 = h.rsByImage('web', 'img:v1')!;
    const v2 = h.rsByImage('web', 'img:v2')!;
    expect(v1.spec.replicas).toBe(0);
    expect(v2.spec.replicas).toBe(10);
    const ev = h.events();
    expect(ev).toContain(`Scaled up replica set ${v2.metadata.name} to 3`);
    expect(ev).toContain(`Scaled down replica set ${v1.metadata.name} to 8 from 10`);
    expect(h.get('web').status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
  });

  it('the first step surges the new RS, then old replicas go within maxUnavailable', () => {
    h.create(deployment('web', 10, rolling(3, 2)));
    converge('web');
    h.setImage('web', 'img:v2');
    h.sync('web');
    // Same sync: new RS created at 3 (13 total), then 13 pods − minAvailable 8 − 3 unavailable new = 2 down.
    expect(h.rsByImage('web', 'img:v2')!.spec.replicas).toBe(3);
    expect(h.rsByImage('web', 'img:v1')!.spec.replicas).toBe(8);
    h.settle((rs) => rs.spec.template.spec.containers[0].image === 'img:v1');
    h.sync('web');
    // Back to 13 by growing the new RS; nothing more can go while the new pods are unavailable.
    expect(h.rsByImage('web', 'img:v2')!.spec.replicas).toBe(5);
    h.settle((rs) => rs.spec.template.spec.containers[0].image === 'img:v1');
    h.sync('web');
    expect(h.rsByImage('web', 'img:v1')!.spec.replicas).toBe(8);
    expect(h.rsByImage('web', 'img:v2')!.spec.replicas).toBe(5);
  });

  it('a broken new image leaves old pods serving: unhealthy new replicas block further scale-down', () => {
    h.create(deployment('web', 3));
    converge('web');
    h.setImage('web', 'img:not-exist');
    converge('web', undefined, (rs) => rs.spec.template.spec.containers[0].image !== 'img:not-exist');
    // 3 replicas: surge 1, unavailable 0 → one new pod, all three old ones stay.
    expect(h.rsByImage('web', 'img:v1')!.spec.replicas).toBe(3);
    expect(h.rsByImage('web', 'img:not-exist')!.spec.replicas).toBe(1);
    expect(h.get('web').status).toMatchObject({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 });
  });
});

describe('proportional scaling', () => {
  it('spreads a scale-up over the RSs of an unfinished rollout in proportion to their size', () => {
    h.create(deployment('web', 10, rolling(3, 2)));
    converge('web');
    h.setImage('web', 'img:v2');
    h.sync('web'); // new → 3, old → 8
    h.settle((rs) => rs.spec.template.spec.containers[0].image === 'img:v1');
    h.edit('web', (d) => (d.spec.replicas = 20));
    h.sync('web');
    const v1 = h.rsByImage('web', 'img:v1')!;
    const v2 = h.rsByImage('web', 'img:v2')!;
    // allowed 23 − 11 = 12: old 8·23/13 → 14 (+6, plus leftover 4), new 3·23/13 → 5 (+2)
    expect(v1.spec.replicas).toBe(18);
    expect(v2.spec.replicas).toBe(5);
    for (const rs of [v1, v2]) {
      expect(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas']).toBe('20');
      expect(rs.metadata.annotations['deployment.kubernetes.io/max-replicas']).toBe('23');
    }
  });

  it('a plain scale of a settled deployment resizes its only active RS', () => {
    h.create(deployment('web', 2));
    converge('web');
    h.edit('web', (d) => (d.spec.replicas = 5));
    converge('web');
    const [rs] = h.rss('web');
    expect(rs.spec.replicas).toBe(5);
    expect(h.events()).toContain(`Scaled up replica set ${rs.metadata.name} to 5 from 2`);
    expect(h.rss('web')).toHaveLength(1);
  });
});

describe('revisions and history', () => {
  it('a rollback reuses the old RS with revision max+1 and records revision-history', () => {
    h.create(deployment('web', 2));
    converge('web');
    h.edit('web', (d) => {
      d.spec.template.spec.containers[0].image = 'img:v2';
      d.metadata.annotations = { 'kubernetes.io/change-cause': 'to v2' };
    });
    converge('web');
    expect(h.rss('web').map(rev)).toEqual([1, 2]);
    expect(h.rsByImage('web', 'img:v2')!.metadata.annotations['kubernetes.io/change-cause']).toBe('to v2');
    // kubectl rollout undo: the template of revision 1 goes back into the deployment.
    h.setImage('web', 'img:v1');
    converge('web');
    const v1 = h.rsByImage('web', 'img:v1')!;
    expect(h.rss('web')).toHaveLength(2);
    expect(rev(v1)).toBe(3);
    expect(v1.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(v1.spec.replicas).toBe(2);
    expect(h.get('web').metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    // and again: numbers keep growing, never reused
    h.setImage('web', 'img:v2');
    converge('web');
    const v2 = h.rsByImage('web', 'img:v2')!;
    expect(rev(v2)).toBe(4);
    expect(v2.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('2');
  });

  it('keeps only revisionHistoryLimit old RSs, deleting the lowest revisions', () => {
    h.create(deployment('web', 1, { revisionHistoryLimit: 1 }));
    converge('web');
    for (const img of ['img:v2', 'img:v3', 'img:v4']) {
      h.setImage('web', img);
      converge('web');
    }
    expect(h.rss('web').map(rev)).toEqual([3, 4]);
  });

  it('a hash collision with a foreign RS bumps collisionCount and then creates another name', () => {
    h.create(deployment('web', 1));
    const taken = `web-${computeHash(h.get('web').spec.template)}`;
    h.reg.create(REPLICASETS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: taken, labels: { other: 'x' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { other: 'x' } },
        template: {
          metadata: { labels: { other: 'x' } },
          spec: { containers: [{ name: 'c', image: 'other' }] },
        },
      },
    });
    expect(() => h.sync('web')).toThrow(/already exists/);
    expect(h.get('web').status.collisionCount).toBe(1);
    converge('web');
    const [rs] = h.rss('web');
    expect(rs.metadata.name).toBe(`web-${computeHash(h.get('web').spec.template, 1)}`);
    expect(h.get('web').status).toMatchObject({ collisionCount: 1, availableReplicas: 1 });
  });
});

describe('ownership', () => {
  it('adopts a matching orphan RS as the new one instead of creating another', () => {
    h.create(deployment('web', 2));
    const d = h.get('web');
    const hash = computeHash(d.spec.template);
    h.reg.create(REPLICASETS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'orphan', labels: { app: 'web', 'pod-template-hash': hash } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
        template: { ...d.spec.template, metadata: { labels: { app: 'web', 'pod-template-hash': hash } } },
      },
    });
    converge('web');
    const rss = h.rss('web');
    expect(rss.map((r) => r.metadata.name)).toEqual(['orphan']);
    expect(rss[0].metadata.ownerReferences[0]).toMatchObject({
      kind: 'Deployment',
      uid: d.metadata.uid,
      controller: true,
    });
    expect(rev(rss[0])).toBe(1);
  });

  it('leaves RSs controlled by something else alone', () => {
    h.create(deployment('web', 1));
    h.reg.create(REPLICASETS, 'default', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'foreign',
        labels: { app: 'web' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'u-1', controller: true }],
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'img:v1' }] },
        },
      },
    });
    converge('web');
    expect(h.reg.get(REPLICASETS, 'default', 'foreign').metadata.ownerReferences?.[0]?.kind).toBe('Other');
    expect(h.rss('web')).toHaveLength(1);
    expect(h.rss('web')[0].metadata.name).not.toBe('foreign');
  });
});

describe('ReplicaFailure', () => {
  it('copies the new RS ReplicaFailure condition to the deployment and drops it once gone', () => {
    h.create(deployment('web', 2));
    h.sync('web');
    const [rs] = h.rss('web');
    const failure = {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'pods "web-x" is forbidden: exceeded quota',
      lastTransitionTime: '2026-01-01T00:00:05Z',
    };
    h.reg.update(
      REPLICASETS,
      'default',
      rs.metadata.name,
      { ...rs, status: { replicas: 0, conditions: [failure] } },
      {},
      'status',
    );
    h.sync('web');
    expect(h.condition('web', 'ReplicaFailure')).toEqual({
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message: 'pods "web-x" is forbidden: exceeded quota',
      lastTransitionTime: '2026-01-01T00:00:05Z',
      lastUpdateTime: '2026-01-01T00:00:05Z',
    });
    h.settle();
    h.sync('web');
    expect(h.condition('web', 'ReplicaFailure')).toBeUndefined();
  });
});
