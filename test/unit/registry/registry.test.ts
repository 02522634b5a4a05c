// The registry pipeline over a real (in-memory) SQLite store.
import { beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import type { StoreEvent } from '../../../orchestrator/storage/types.js';

const PODS = findResource('', 'v1', 'pods')!;
const DEPLOY = findResource('apps', 'v1', 'deployments')!;
const SVC = findResource('', 'v1', 'services')!;
const CM = findResource('', 'v1', 'configmaps')!;
const NS = findResource('', 'v1', 'namespaces')!;
const HPA1 = findResource('autoscaling', 'v1', 'horizontalpodautoscalers')!;
const HPA2 = findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox:1' }], ...extra },
});

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('Registry', () => {
  let reg: Registry;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });

  it('bootstraps the system namespaces, each with a default ServiceAccount', () => {
    const names = reg.list(NS, undefined).items.map((n) => n.metadata.name);
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(
      reg.get(findResource('', 'v1', 'serviceaccounts')!, 'kube-system', 'default').metadata.uid,
    ).toBeTruthy();
    expect(statusOf(() => reg.delete(NS, '', 'default')).code).toBe(403);
  });

  it('fills server-owned metadata and bumps generation only on spec changes', () => {
    const d = reg.create(DEPLOY, 'default', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
    expect(d.metadata.generation).toBe(1);
    expect(d.apiVersion).toBe('apps/v1');
    const labelled = reg.update(DEPLOY, 'default', 'web', {
      ...d,
      metadata: { ...d.metadata, labels: { a: 'b' } },
    });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = reg.update(DEPLOY, 'default', 'web', {
      ...labelled,
      spec: { ...labelled.spec, replicas: 4 },
    });
    expect(scaled.metadata.generation).toBe(2);
    expect(Number(scaled.metadata.resourceVersion)).toBeGreaterThan(Number(d.metadata.resourceVersion));
    // a stale resourceVersion is a 409 Conflict
    const stale = statusOf(() =>
      reg.update(DEPLOY, 'default', 'web', { ...d, spec: { ...d.spec, replicas: 2 } }),
    );
    expect(stale.code).toBe(409);
    expect(stale.message).toContain('the object has been modified');
  });

  it('generateName, namespace existence and dry run', () => {
    const p = reg.create(PODS, 'default', { ...pod(''), metadata: { generateName: 'web-' } });
    expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    const missing = statusOf(() => reg.create(PODS, 'nope', pod('a')));
    expect(missing.code).toBe(404);
    expect(missing.message).toBe('namespaces "nope" not found');
    const before = reg.revision;
    const dry = reg.create(CM, 'default', { metadata: { name: 'dry' }, data: { a: 'b' } }, { dryRun: true });
    expect(dry.metadata.name).toBe('dry');
    expect(reg.revision).toBe(before);
    expect(reg.tryGet(CM, 'default', 'dry')).toBeUndefined();
  });

  it('deletes unscheduled pods at once and scheduled pods gracefully', () => {
    reg.create(PODS, 'default', pod('pending'));
    expect(reg.delete(PODS, 'default', 'pending').deleted).toBe(true);
    reg.create(PODS, 'default', pod('bound', { nodeName: 'kubedeck-worker' }));
    const first = reg.delete(PODS, 'default', 'bound', { gracePeriodSeconds: 20 });
    expect(first.deleted).toBe(false);
    expect(first.obj.metadata.deletionGracePeriodSeconds).toBe(20);
    expect(first.obj.metadata.deletionTimestamp).toBeTruthy();
    // the kubelet confirms with grace 0
    expect(reg.delete(PODS, 'default', 'bound', { gracePeriodSeconds: 0 }).deleted).toBe(true);
    expect(reg.tryGet(PODS, 'default', 'bound')).toBeUndefined();
  });

  it('keeps objects with finalizers until the last one is removed', () => {
    reg.create(CM, 'default', { metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: {} });
    const r = reg.delete(CM, 'default', 'held');
    expect(r.deleted).toBe(false);
    expect(r.obj.metadata.deletionTimestamp).toBeTruthy();
    const cur = reg.get(CM, 'default', 'held');
    reg.update(CM, 'default', 'held', { ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(reg.tryGet(CM, 'default', 'held')).toBeUndefined();
  });

  it('orphans dependents on propagationPolicy=Orphan', () => {
    const owner = reg.create(CM, 'default', { metadata: { name: 'owner' } });
    reg.create(CM, 'default', {
      metadata: {
        name: 'child',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid! }],
      },
    });
    expect(reg.delete(CM, 'default', 'owner', { propagationPolicy: 'Orphan' }).deleted).toBe(true);
    expect(reg.get(CM, 'default', 'child').metadata.ownerReferences).toBeUndefined();
  });

  it('allocates cluster IPs and node ports, rejects taken ones, keeps them across updates', () => {
    const spec = { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] };
    const a = reg.create(SVC, 'default', { metadata: { name: 'a' }, spec });
    expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(a.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(a.spec.ports[0].targetPort).toBe(80);
    const taken = statusOf(() =>
      reg.create(SVC, 'default', {
        metadata: { name: 'b' },
        spec: { ...spec, ports: [{ port: 80, nodePort: a.spec.ports[0].nodePort }] },
      }),
    );
    expect(taken.code).toBe(422);
    expect(taken.message).toContain('provided port is already allocated');
    const updated = reg.update(SVC, 'default', 'a', {
      ...a,
      spec: { ...a.spec, clusterIP: undefined, clusterIPs: undefined, ports: [{ port: 80 }] },
    });
    expect(updated.spec.clusterIP).toBe(a.spec.clusterIP);
    expect(updated.spec.ports[0].nodePort).toBe(a.spec.ports[0].nodePort);
    const immutable = statusOf(() =>
      reg.update(SVC, 'default', 'a', {
        ...updated,
        spec: { ...updated.spec, clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'] },
      }),
    );
    expect(immutable.code).toBe(422);
  });

  it('pages lists with limit/continue and filters with selectors', () => {
    for (let i = 0; i < 7; i++)
      reg.create(CM, 'default', { metadata: { name: `cm-${i}`, labels: { even: String(i % 2 === 0) } } });
    const p1 = reg.list(CM, 'default', { limit: 3 });
    expect(p1.items.map((c) => c.metadata.name)).toEqual(['cm-0', 'cm-1', 'cm-2']);
    expect(p1.remainingItemCount).toBe(4);
    const p2 = reg.list(CM, 'default', { limit: 3, continue: p1.continue });
    expect(p2.items.map((c) => c.metadata.name)).toEqual(['cm-3', 'cm-4', 'cm-5']);
    const p3 = reg.list(CM, 'default', { limit: 3, continue: p2.continue });
    expect(p3.items.map((c) => c.metadata.name)).toEqual(['cm-6']);
    expect(p3.continue).toBeUndefined();
    expect(reg.list(CM, 'default', { labelSelector: 'even=true' }).items).toHaveLength(4);
    expect(statusOf(() => reg.list(CM, 'default', { fieldSelector: 'spec.nodeName=x' })).code).toBe(400);
  });

  it('serves autoscaling v1 and v2 from one stored object', () => {
    reg.create(HPA1, 'default', {
      metadata: { name: 'h' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 50,
      },
    });
    const v2 = reg.get(HPA2, 'default', 'h');
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics[0].resource.target.averageUtilization).toBe(50);
    const v1 = reg.get(HPA1, 'default', 'h');
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(50);
  });

  it('strict, warn and ignore field validation', () => {
    const body = () => ({ metadata: { name: 'f' }, data: { a: 'b' }, bogus: 1 }) as any;
    expect(
      statusOf(() => reg.create(CM, 'default', body(), { fieldValidation: 'Strict' })).message,
    ).toContain('unknown field "bogus"');
    const warnings: string[] = [];
    const warned = reg.create(CM, 'default', body(), { fieldValidation: 'Warn', warnings });
    expect(warnings).toEqual(['unknown field "bogus"']);
    expect(warned.bogus).toBeUndefined();
  });

  it('watch streams changes in order from a resourceVersion', () => {
    const start = reg.revision;
    reg.create(CM, 'default', { metadata: { name: 'w' } });
    const seen: StoreEvent[] = [];
    const h = reg.watch(CM, 'default', start, (e) => seen.push(e));
    const cur = reg.get(CM, 'default', 'w');
    reg.update(CM, 'default', 'w', { ...cur, data: { x: '1' } });
    reg.delete(CM, 'default', 'w');
    h.stop();
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('deleting a namespace marks it Terminating until its finalizer is removed', () => {
    reg.create(NS, '', { metadata: { name: 'team' } });
    reg.create(CM, 'team', { metadata: { name: 'x' } });
    expect(reg.delete(NS, '', 'team').deleted).toBe(false);
    const ns = reg.get(NS, '', 'team');
    expect(ns.status.phase).toBe('Terminating');
    expect(ns.metadata.deletionTimestamp).toBeTruthy();
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    // Contents stay for the namespace controller; new content is refused.
    expect(reg.tryGet(CM, 'team', 'x')).toBeDefined();
    expect(() => reg.create(CM, 'team', { metadata: { name: 'y' } })).toThrow(/being terminated/);
    // A status write keeps it; removing the spec finalizer, then deleting again, removes it.
    reg.update(NS, '', 'team', { ...ns, status: { ...ns.status, conditions: [] } }, {}, 'status');
    expect(reg.tryGet(NS, '', 'team')).toBeDefined();
    const cur = reg.get(NS, '', 'team');
    reg.update(NS, '', 'team', { ...cur, spec: { finalizers: [] } }, {}, 'finalize');
    expect(reg.tryGet(NS, '', 'team')).toBeUndefined();
  });
});
