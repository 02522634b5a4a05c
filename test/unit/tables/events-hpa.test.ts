import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import { H, M, NOW, S, ago, info } from './helpers.js';

describe('events', () => {
  const CORE = info('', 'v1', 'events');
  const NEW = info('events.k8s.io', 'v1', 'events');

  it('columns: default and wide', () => {
    const t = toTable(CORE, [], { now: NOW });
    expect(t.columnDefinitions.map((c) => [c.name, c.priority, c.format])).toEqual([
      ['Last Seen', 0, ''],
      ['Type', 0, ''],
      ['Reason', 0, ''],
      ['Object', 0, ''],
      ['Subobject', 1, ''],
      ['Source', 1, ''],
      ['Message', 0, ''],
      ['First Seen', 1, ''],
      ['Count', 1, ''],
      ['Name', 1, 'name'],
    ]);
  });

  it('core/v1 event', () => {
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-1.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      message: ' Back-off restarting failed container \n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(10 * M),
      lastTimestamp: ago(30 * S),
      count: 7,
      type: 'Warning',
    };
    expect(toTable(CORE, [ev], { now: NOW }).rows[0].cells).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Back-off restarting failed container',
      '10m',
      7,
      'web-1.17a',
    ]);
  });

  it('core/v1 event written by a new-style client (eventTime, reportingComponent, no count)', () => {
    const ev = {
      metadata: { name: 'e2' },
      involvedObject: { kind: 'Node' },
      reason: 'Starting',
      message: 'Starting kubelet.',
      eventTime: '2024-05-01T11:58:00.123456Z',
      reportingComponent: 'kubelet',
      reportingInstance: 'node-1',
      type: 'Normal',
    };
    const c = toTable(CORE, [ev], { now: NOW }).rows[0].cells;
    expect(c).toEqual([
      '119s',
      'Normal',
      'Starting',
      'node',
      '',
      'kubelet, node-1',
      'Starting kubelet.',
      '119s',
      1,
      'e2',
    ]);
  });

  it('events.k8s.io/v1 event with a series', () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e3' },
      regarding: { kind: 'Deployment', name: 'web' },
      reason: 'ScalingReplicaSet',
      note: 'Scaled up replica set web-5d8f7 to 3',
      eventTime: ago(2 * H),
      series: { count: 4, lastObservedTime: ago(5 * S) },
      reportingController: 'deployment-controller',
      reportingInstance: '',
      type: 'Normal',
    };
    expect(toTable(NEW, [ev], { now: NOW }).rows[0].cells).toEqual([
      '5s',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-5d8f7 to 3',
      '120m',
      4,
      'e3',
    ]);
  });

  it('events.k8s.io/v1 shape is recognised even without TypeMeta, using deprecated fields', () => {
    const ev = {
      metadata: { name: 'e4' },
      regarding: { kind: 'Pod', name: 'p' },
      reason: 'Pulled',
      note: 'ok',
      deprecatedFirstTimestamp: ago(3 * M),
      deprecatedLastTimestamp: ago(M),
      deprecatedCount: 2,
      deprecatedSource: { component: 'kubelet' },
      type: 'Normal',
    };
    expect(toTable(NEW, [ev], { now: NOW }).rows[0].cells).toEqual([
      '60s',
      'Normal',
      'Pulled',
      'pod/p',
      '',
      'kubelet',
      'ok',
      '3m',
      2,
      'e4',
    ]);
  });
});

describe('horizontalpodautoscalers', () => {
  const V2 = info('autoscaling', 'v2', 'horizontalpodautoscalers');
  const V1 = info('autoscaling', 'v1', 'horizontalpodautoscalers');
  const base = { metadata: { name: 'web', creationTimestamp: ago(3 * M) } };
  const cpu = (u?: number) => ({
    type: 'Resource',
    resource: {
      name: 'cpu',
      target: { type: 'Utilization', ...(u === undefined ? {} : { averageUtilization: u }) },
    },
  });

  it('columns', () => {
    expect(toTable(V2, [], { now: NOW }).columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Reference', 0],
      ['Targets', 0],
      ['MinPods', 0],
      ['MaxPods', 0],
      ['Replicas', 0],
      ['Age', 0],
    ]);
  });

  it('cpu utilization with and without current metrics', () => {
    const hpa = {
      ...base,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [cpu(50)],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } },
        ],
      },
    };
    expect(toTable(V2, [hpa], { now: NOW }).rows[0].cells).toEqual([
      'web',
      'Deployment/web',
      'cpu: 40%/50%',
      '1',
      10,
      2,
      '3m',
    ]);
    const fresh = { ...base, spec: { ...hpa.spec, metrics: [cpu(80)], minReplicas: undefined }, status: {} };
    expect(toTable(V2, [fresh], { now: NOW }).rows[0].cells.slice(2, 6)).toEqual([
      'cpu: <unknown>/80%',
      '<unset>',
      10,
      0,
    ]);
  });

  it('average values, <auto>, other metric types and "+ N more..."', () => {
    const metrics = [
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
      },
      cpu(),
      {
        type: 'Pods',
        pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } },
      },
    ];
    const hpa = {
      ...base,
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics },
      status: {
        currentMetrics: [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } },
        ],
      },
    };
    expect(toTable(V2, [hpa], { now: NOW }).rows[0].cells[2]).toBe(
      'memory: 50Mi/100Mi, cpu: <unknown>/<auto> + 1 more...',
    );
    const two = { ...hpa, spec: { ...hpa.spec, metrics: metrics.slice(1) }, status: {} };
    expect(toTable(V2, [two], { now: NOW }).rows[0].cells[2]).toBe('cpu: <unknown>/<auto>, <unknown>/1k');
  });

  it('external and object metrics', () => {
    const metrics = [
      {
        type: 'External',
        external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } },
      },
      { type: 'Object', object: { metric: { name: 'rps' }, target: { type: 'Value', value: '10' } } },
    ];
    const hpa = {
      ...base,
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, metrics },
      status: {
        currentMetrics: [
          { type: 'External', external: { current: { averageValue: '12' } } },
          { type: 'Object', object: { current: { value: '7' } } },
        ],
      },
    };
    expect(toTable(V2, [hpa], { now: NOW }).rows[0].cells[2]).toBe('12/30 (avg), 7/10');
  });

  it('<none> without metrics', () => {
    const hpa = { ...base, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 } };
    expect(toTable(V2, [hpa], { now: NOW }).rows[0].cells[2]).toBe('<none>');
  });

  it('autoscaling/v1 objects convert the CPU target', () => {
    const hpa = {
      apiVersion: 'autoscaling/v1',
      ...base,
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 4,
        targetCPUUtilizationPercentage: 60,
      },
      status: { currentReplicas: 2, currentCPUUtilizationPercentage: 75 },
    };
    expect(toTable(V1, [hpa], { now: NOW }).rows[0].cells).toEqual([
      'web',
      'Deployment/web',
      'cpu: 75%/60%',
      '2',
      4,
      2,
      '3m',
    ]);
    const noStatus = { ...hpa, status: {} };
    expect(toTable(V1, [noStatus], { now: NOW }).rows[0].cells[2]).toBe('cpu: <unknown>/60%');
  });
});
