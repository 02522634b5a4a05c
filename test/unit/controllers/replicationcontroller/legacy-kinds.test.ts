// ReplicationController and PodTemplate: upstream defaults, validation messages and table rows.
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../../orchestrator/api/defaults/index.js';
import { toTable } from '../../../../orchestrator/api/tables/index.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { create, info, lines, update } from '../../validation/helpers.js';

const RC = info('', 'v1', 'replicationcontrollers');
const PT = info('', 'v1', 'podtemplates');

function rc(spec: Record<string, any> = {}, meta: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: {
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
      },
      ...spec,
    },
  };
}

describe('ReplicationController defaults', () => {
  it('selector and labels from the template, replicas 1, pod spec defaults', () => {
    const o = rc();
    applyDefaults(RC, o);
    expect(o.spec.selector).toEqual({ app: 'web' });
    expect(o.metadata.labels).toEqual({ app: 'web' });
    expect(o.spec.replicas).toBe(1);
    expect(o.spec.template.spec.restartPolicy).toBe('Always');
    expect(o.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('keeps a given selector, labels and replicas', () => {
    const o = rc({ selector: { app: 'web' }, replicas: 0 }, { labels: { team: 'a' } });
    applyDefaults(RC, o);
    expect(o.spec.selector).toEqual({ app: 'web' });
    expect(o.metadata.labels).toEqual({ team: 'a' });
    expect(o.spec.replicas).toBe(0);
  });
});

describe('ReplicationController validation', () => {
  it('accepts the defaulted object', () => {
    expect(create(RC, rc())).toEqual([]);
  });

  it('requires a selector and template, matching labels, restartPolicy Always', () => {
    expect(lines(create(RC, { ...rc(), spec: { replicas: -1 } }))).toEqual([
      'spec.selector: Required value',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template: Required value',
    ]);
    const o = rc({ selector: { app: 'other' } });
    o.spec.template.spec.restartPolicy = 'Never';
    expect(lines(create(RC, o))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('lets the selector change on update (unlike apps/v1)', () => {
    const old = rc({ selector: { app: 'web' } });
    const next = rc({ selector: {} });
    next.spec.template.metadata.labels = { app: 'web', v: '2' };
    next.spec.selector = { v: '2' };
    expect(update(RC, next, old)).toEqual([]);
  });
});

describe('tables', () => {
  it('rc: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    const o = rc({ replicas: 3, selector: { app: 'web', tier: 'fe' } });
    o.metadata.creationTimestamp = '2024-05-01T11:58:00Z';
    o.status = { replicas: 2, readyReplicas: 1 };
    const t = toTable(RC, [o], { now: new Date('2024-05-01T12:00:00Z') });
    expect(t.columnDefinitions.map((c) => `${c.name}/${c.priority}`)).toEqual([
      'Name/0',
      'Desired/0',
      'Current/0',
      'Ready/0',
      'Age/0',
      'Containers/1',
      'Images/1',
      'Selector/1',
    ]);
    expect(t.rows[0].cells).toEqual(['web', 3, 2, 1, '2m', 'c', 'nginx:1.27', 'app=web,tier=fe']);
  });

  it('podtemplate: NAME CONTAINERS IMAGES POD LABELS', () => {
    const pt: KubeObject = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'tpl', namespace: 'default' },
      template: {
        metadata: { labels: { b: '2', a: '1' } },
        spec: {
          containers: [
            { name: 'x', image: 'busybox' },
            { name: 'y', image: 'nginx' },
          ],
        },
      },
    };
    const t = toTable(PT, [pt]);
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Containers', 'Images', 'Pod Labels']);
    expect(t.rows[0].cells).toEqual(['tpl', 'x,y', 'busybox,nginx', 'a=1,b=2']);
    expect(create(PT, pt)).toEqual([]);
    expect(lines(create(PT, { ...pt, template: { spec: { containers: [] } } }))).toContain(
      'template.spec.containers: Required value',
    );
  });
});
