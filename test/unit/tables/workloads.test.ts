import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import { H, NOW, ago, info } from './helpers.js';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.25' },
      { name: 'log', image: 'busybox' },
    ],
  },
};

describe('deployments', () => {
  const DEPLOY = info('apps', 'v1', 'deployments');

  it('columns', () => {
    const t = toTable(DEPLOY, [], { now: NOW });
    expect(t.columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Up-to-date', 0],
      ['Available', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
      ['Selector', 1],
    ]);
  });

  it('cells including wide', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: ago(3 * H) },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { tier: 'fe', app: 'web' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['qa', 'dev'] }],
        },
        template,
      },
      status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(toTable(DEPLOY, [d], { now: NOW }).rows[0].cells).toEqual([
      'web',
      '2/3',
      3,
      2,
      '3h',
      'nginx,log',
      'nginx:1.25,busybox',
      'app=web,env in (dev,qa),tier=fe',
    ]);
  });

  it('fresh deployment without status and an invalid selector', () => {
    const d = {
      metadata: { name: 'x', creationTimestamp: ago(0) },
      spec: { replicas: 0, selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, template },
    };
    const c = toTable(DEPLOY, [d], { now: NOW }).rows[0].cells;
    expect(c.slice(1, 5)).toEqual(['0/0', 0, 0, '0s']);
    expect(c[7]).toBe('<invalid>');
  });
});

describe('replicasets', () => {
  const RS = info('apps', 'v1', 'replicasets');

  it('columns', () => {
    const t = toTable(RS, [], { now: NOW });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
  });

  it('cells', () => {
    const rs = {
      metadata: { name: 'web-5d8f7', creationTimestamp: ago(50 * H) },
      spec: {
        replicas: 2,
        selector: {
          matchLabels: { app: 'web', 'pod-template-hash': '5d8f7' },
          matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }],
        },
        template,
      },
      status: { replicas: 2, readyReplicas: 1 },
    };
    expect(toTable(RS, [rs], { now: NOW }).rows[0].cells).toEqual([
      'web-5d8f7',
      2,
      2,
      1,
      '2d2h',
      'nginx,log',
      'nginx:1.25,busybox',
      'app=web,!canary,pod-template-hash=5d8f7',
    ]);
  });

  it('empty selector prints <none>', () => {
    const rs = { metadata: { name: 'r' }, spec: { replicas: 1, template }, status: {} };
    expect(toTable(RS, [rs], { now: NOW }).rows[0].cells[7]).toBe('<none>');
  });
});
