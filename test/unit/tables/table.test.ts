import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import { RESOURCES } from '../../../orchestrator/api/resources.js';
import type { ResourceInfo } from '../../../orchestrator/api/types.js';
import { M, NOW, ago, info } from './helpers.js';

const cm = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'cfg',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '42',
    creationTimestamp: ago(M),
    labels: { app: 'x' },
    managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
  },
  data: { a: '1' },
};
const CM = info('', 'v1', 'configmaps');

describe('toTable row objects', () => {
  it('defaults to PartialObjectMetadata without managedFields', () => {
    const row = toTable(CM, [cm], { now: NOW }).rows[0];
    expect(row.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {
        name: 'cfg',
        namespace: 'default',
        uid: 'u1',
        resourceVersion: '42',
        creationTimestamp: cm.metadata.creationTimestamp,
        labels: { app: 'x' },
      },
    });
    expect(cm.metadata.managedFields).toHaveLength(1); // input untouched
    expect(toTable(CM, [cm], { now: NOW, includeObject: 'Metadata' }).rows[0].object).toEqual(row.object);
  });

  it('Object includes the full object with TypeMeta; None omits it', () => {
    const bare = { metadata: { name: 'b' }, data: {} };
    const full = toTable(CM, [cm, bare], { now: NOW, includeObject: 'Object' }).rows;
    expect(full[0].object).toEqual(cm);
    expect(full[1].object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b' },
      data: {},
    });
    const none = toTable(CM, [cm], { now: NOW, includeObject: 'None' }).rows[0];
    expect('object' in none).toBe(false);
    expect(none.cells).toEqual(['cfg', 1, '60s']);
  });

  it('serialises as a meta.k8s.io/v1 Table and carries list metadata', () => {
    const t = toTable(CM, [cm], { now: NOW, listMeta: { resourceVersion: '99' } });
    const json = JSON.parse(JSON.stringify(t));
    expect(json.kind).toBe('Table');
    expect(json.apiVersion).toBe('meta.k8s.io/v1');
    expect(json.metadata).toEqual({ resourceVersion: '99' });
    expect(toTable(CM, [], {}).metadata).toEqual({});
    for (const c of json.columnDefinitions) {
      expect(Object.keys(c).sort()).toEqual(['description', 'format', 'name', 'priority', 'type']);
      expect(c.description.length).toBeGreaterThan(0);
    }
  });

  it('uses the real clock when none is given', () => {
    const fresh = { metadata: { name: 'now', creationTimestamp: new Date().toISOString() } };
    expect(toTable(CM, [fresh]).rows[0].cells[2]).toMatch(/^[01]s$/);
  });
});

describe('printer coverage', () => {
  it('unknown kinds get NAME and AGE', () => {
    const widgets: ResourceInfo = {
      group: 'example.com',
      version: 'v1',
      resource: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      namespaced: true,
      verbs: ['get', 'list'],
      storage: 'example.com/widgets',
      storageVersion: 'v1',
    };
    const t = toTable(widgets, [{ metadata: { name: 'w', creationTimestamp: ago(4 * M) } }], { now: NOW });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Age', 'string', ''],
    ]);
    expect(t.rows[0].cells).toEqual(['w', '4m']);
  });

  it('every served resource has a dedicated printer (more than NAME/AGE)', () => {
    for (const r of RESOURCES) {
      const names = toTable(r, [], { now: NOW }).columnDefinitions.map((c) => c.name);
      expect(names.length, `${r.group}/${r.resource}`).toBeGreaterThan(2);
    }
  });

  it('every row has one cell per column for every served resource', () => {
    for (const r of RESOURCES) {
      const t = toTable(r, [{ metadata: { name: 'x' } }], { now: NOW });
      expect(t.rows[0].cells.length, `${r.group}/${r.resource}`).toBe(t.columnDefinitions.length);
    }
  });
});
