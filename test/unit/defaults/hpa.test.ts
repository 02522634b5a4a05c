import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../orchestrator/api/defaults/index.js';
import {
  fromStorageVersion,
  toStorageVersion,
  METRICS_ANNOTATION,
} from '../../../orchestrator/api/conversion.js';
import { RESOURCES } from '../../../orchestrator/api/resources.js';

const v1 = RESOURCES.find((r) => r.group === 'autoscaling' && r.version === 'v1')!;
const v2 = RESOURCES.find((r) => r.group === 'autoscaling' && r.version === 'v2')!;
const evNew = RESOURCES.find((r) => r.group === 'events.k8s.io')!;
const evCore = RESOURCES.find((r) => r.group === '' && r.resource === 'events')!;
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('HPA defaults', () => {
  it('v2: minReplicas and the CPU 80% metric; behavior left absent', () => {
    const h: any = { metadata: { name: 'h' }, spec: { scaleTargetRef: ref, maxReplicas: 5 } };
    applyDefaults(v2, h);
    expect(h.spec).toEqual({
      scaleTargetRef: ref,
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
    });
  });

  it('v2: a given behavior is completed with upstream defaults', () => {
    const h: any = {
      metadata: { name: 'h' },
      spec: {
        scaleTargetRef: ref,
        maxReplicas: 5,
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    };
    applyDefaults(v2, h);
    expect(h.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });

  it('v1: minReplicas only', () => {
    const h: any = { metadata: { name: 'h' }, spec: { scaleTargetRef: ref, maxReplicas: 5 } };
    applyDefaults(v1, h);
    expect(h.spec).toEqual({ scaleTargetRef: ref, maxReplicas: 5, minReplicas: 1 });
  });
});

describe('HPA conversion', () => {
  it('v1 → storage v2 and back', () => {
    const h: any = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
    };
    const stored = toStorageVersion(v1, h);
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ]);
    expect(stored.spec.targetCPUUtilizationPercentage).toBeUndefined();
    expect(fromStorageVersion(v1, stored)).toEqual(h);
    expect(fromStorageVersion(v2, stored)).toBe(stored);
  });

  it('v1 without a target reads back as 80% (v2 defaulting on storage)', () => {
    const stored = toStorageVersion(v1, {
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 3 },
    });
    expect(fromStorageVersion(v1, stored).spec.targetCPUUtilizationPercentage).toBe(80);
  });

  it('non-CPU metrics, status and conditions travel in annotations', () => {
    const stored: any = {
      apiVersion: 'autoscaling/v2',
      metadata: { name: 'h' },
      spec: {
        scaleTargetRef: ref,
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } },
          },
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: 12, averageValue: '12m' } },
          },
        ],
        conditions: [{ type: 'AbleToScale', status: 'True' }],
      },
    };
    const out = fromStorageVersion(v1, stored);
    expect(out.spec).toEqual({
      scaleTargetRef: ref,
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 70,
    });
    expect(JSON.parse(out.metadata.annotations![METRICS_ANNOTATION])).toEqual([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
    ]);
    expect(out.status).toEqual({
      currentReplicas: 2,
      desiredReplicas: 2,
      currentCPUUtilizationPercentage: 12,
    });
    // Round trip restores the v2 metrics (memory first, as upstream orders them) and drops the annotations.
    const back = toStorageVersion(v1, out);
    expect(back.spec.metrics).toEqual(stored.spec.metrics);
    expect(back.status.conditions).toEqual(stored.status.conditions);
    expect(back.metadata.annotations).toBeUndefined();
  });
});

describe('events.k8s.io conversion', () => {
  it('renames fields to the core Event shape and back', () => {
    const e: any = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
      note: 'hello',
      reason: 'Started',
      reportingController: 'kubelet',
      reportingInstance: 'n1',
      action: 'Start',
      type: 'Normal',
      eventTime: '2024-01-01T00:00:00.000000Z',
    };
    const core = toStorageVersion(evNew, e);
    expect(core).toMatchObject({
      apiVersion: 'v1',
      involvedObject: e.regarding,
      message: 'hello',
      reportingComponent: 'kubelet',
    });
    expect(core.regarding).toBeUndefined();
    expect(fromStorageVersion(evNew, core)).toEqual(e);
    expect(toStorageVersion(evCore, core)).toBe(core);
  });
});
