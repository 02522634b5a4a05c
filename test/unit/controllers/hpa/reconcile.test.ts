// reconcileAutoscaler against a real in-memory registry, a FakeClock and a hand-fed metrics source.
import { beforeEach, describe, expect, it } from 'vitest';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { EventRecorder } from '../../../../orchestrator/client/event-recorder.js';
import { resolveControllerSettings } from '../../../../orchestrator/config/settings.js';
import { Autoscaler } from '../../../../orchestrator/controllers/hpa/reconcile.js';
import type { MetricsSnapshot, MetricsSource, PodUsage } from '../../../../orchestrator/metrics/types.js';
import { Store } from '../../../../orchestrator/storage/store.js';

const DEPLOY = findResource('apps', 'v1', 'deployments')!;
const PODS = findResource('', 'v1', 'pods')!;
const HPA = findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const HPA_V1 = findResource('autoscaling', 'v1', 'horizontalpodautoscalers')!;
const EVENTS = findResource('', 'v1', 'events')!;
const START = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let reg: Registry;
let clock: FakeClock;
let usage: Map<string, number>; // pod name → millicores
let source: MetricsSource | undefined;
let autoscaler: Autoscaler;

function snapshot(): MetricsSnapshot {
  const pods = new Map<string, PodUsage>();
  for (const [name, milli] of usage) {
    const pod = reg.tryGet(PODS, 'default', name);
    if (!pod) continue;
    pods.set(pod.metadata.uid!, {
      namespace: 'default',
      name,
      uid: pod.metadata.uid!,
      node: 'w',
      timestampMs: clock.now() - 1000,
      windowMs: 15_000,
      containers: [{ name: 'c', cpuNanoCores: milli * 1e6, memoryBytes: 10 << 20 }],
    });
  }
  return { pods, nodes: new Map() };
}

function addPod(name: string): void {
  const pod = reg.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      nodeName: 'w',
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100m' } } }],
    },
  });
  reg.update(
    PODS,
    'default',
    name,
    {
      ...pod,
      status: {
        phase: 'Running',
        startTime: iso(START - 3_600_000),
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(START - 3_500_000) }],
      },
    },
    {},
    'status',
  );
}

function hpa(): KubeObject {
  return reg.get(HPA, 'default', 'web');
}

function condition(type: string): any {
  return hpa().status?.conditions?.find((c: any) => c.type === type);
}

function events(reason: string): string[] {
  return reg
    .list(EVENTS, 'default')
    .items.filter((e) => e.reason === reason && e.involvedObject?.name === 'web')
    .map((e) => e.message);
}

function replicas(): number {
  return reg.get(DEPLOY, 'default', 'web').spec.replicas;
}

function setAll(milli: number): void {
  for (const k of usage.keys()) usage.set(k, milli);
}

beforeEach(() => {
  reg = new Registry(Store.open(':memory:'));
  reg.bootstrap();
  clock = new FakeClock(START);
  usage = new Map();
  source = { snapshot };
  const settings = resolveControllerSettings().hpa;
  autoscaler = new Autoscaler({
    registry: reg,
    clock,
    settings,
    metrics: () => source,
    recorder: new EventRecorder(reg, { component: 'horizontal-pod-autoscaler' }, () => new Date(clock.now())),
  });
  reg.create(DEPLOY, 'default', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100m' } } }] },
      },
    },
  });
  for (const n of ['web-a', 'web-b']) {
    addPod(n);
    usage.set(n, 20);
  }
  // Created like `kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10` (autoscaling/v1).
  reg.create(HPA_V1, 'default', {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 50,
    },
  });
});

describe('Autoscaler.reconcile', () => {
  it('scales up, limited to max(2×current, 4), with upstream status, conditions and event', () => {
    setAll(150); // 150% of request against 50% → 6, limited to 4
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(4);
    const st = hpa().status;
    expect(st).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      lastScaleTime: iso(START),
      currentMetrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: 150, averageValue: '150m' } },
        },
      ],
    });
    expect(condition('AbleToScale')).toMatchObject({
      status: 'True',
      reason: 'SucceededRescale',
      message: 'the HPA controller was able to update the target scale to 4',
    });
    expect(condition('ScalingActive')).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    expect(condition('ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    expect(events('SuccessfulRescale')).toEqual([
      'New size: 4; reason: cpu resource utilization (percentage of request) above target',
    ]);
    // The v1 view carries the current utilization too.
    expect(reg.get(HPA_V1, 'default', 'web').status.currentCPUUtilizationPercentage).toBe(150);
  });

  it('scales a ReplicationController target through its label-map selector', () => {
    const RC = findResource('', 'v1', 'replicationcontrollers')!;
    reg.create(RC, 'default', {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy' },
      spec: {
        replicas: 2,
        selector: { app: 'web' },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100m' } } }] },
        },
      },
    });
    const h = reg.create(HPA, 'default', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'legacy' },
      spec: {
        scaleTargetRef: { apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    setAll(150);
    autoscaler.reconcile(h);
    expect(reg.get(RC, 'default', 'legacy').spec.replicas).toBe(4);
  });

  it('does nothing within the tolerance', () => {
    setAll(53);
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(2);
    expect(hpa().status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    expect(hpa().status.lastScaleTime).toBeUndefined();
    expect(condition('AbleToScale')).toMatchObject({ reason: 'ReadyForNewScale' });
    expect(condition('ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
  });

  it('stabilizes scale-down over the downscale window, then scales down', () => {
    setAll(50); // exactly on target: recommendation 2
    autoscaler.reconcile(hpa());
    setAll(5);
    clock.advance(60_000);
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(2);
    expect(condition('AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    clock.advance(241_000); // the recommendation of 2 is now older than 300 s
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(1);
    expect(events('SuccessfulRescale')).toEqual(['New size: 1; reason: All metrics below target']);
  });

  it('honours a behavior: scaleDown window and Pods policy', () => {
    const h = hpa();
    reg.update(HPA, 'default', 'web', {
      ...h,
      spec: {
        ...h.spec,
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 10,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }],
          },
        },
      },
    });
    reg.update(DEPLOY, 'default', 'web', {
      ...reg.get(DEPLOY, 'default', 'web'),
      spec: { ...reg.get(DEPLOY, 'default', 'web').spec, replicas: 4 },
    });
    for (const n of ['web-c', 'web-d']) {
      addPod(n);
      usage.set(n, 1);
    }
    setAll(1);
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(3); // at most one pod per 30 s
    expect(condition('ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleDownLimit' });
    clock.advance(15_000);
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(3);
    clock.advance(16_000);
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(2);
  });

  it('reports metrics it cannot get', () => {
    source = undefined;
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(2);
    expect(condition('ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(condition('ScalingActive').message).toMatch(
      /^the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: /,
    );
    expect(events('FailedComputeMetricsReplicas')[0]).toMatch(
      /^invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu utilization/,
    );
    expect(hpa().status.currentMetrics).toEqual([{ type: '' }]);
  });

  it('applies min/max before metrics and disables scaling at zero replicas', () => {
    const d = reg.get(DEPLOY, 'default', 'web');
    reg.update(DEPLOY, 'default', 'web', { ...d, spec: { ...d.spec, replicas: 12 } });
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(10);
    expect(events('SuccessfulRescale')).toEqual([
      'New size: 10; reason: Current number of replicas above Spec.MaxReplicas',
    ]);
    const d2 = reg.get(DEPLOY, 'default', 'web');
    reg.update(DEPLOY, 'default', 'web', { ...d2, spec: { ...d2.spec, replicas: 0 } });
    autoscaler.reconcile(hpa());
    expect(replicas()).toBe(0);
    expect(condition('ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'ScalingDisabled',
      message: 'scaling is disabled since the replica count of the target is zero',
    });
  });

  it('reports a missing target', () => {
    reg.delete(DEPLOY, 'default', 'web');
    autoscaler.reconcile(hpa());
    expect(condition('AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale' });
    expect(condition('AbleToScale').message).toMatch(
      /^the HPA controller was unable to get the target's current scale: /,
    );
    expect(events('FailedGetScale')).toEqual(['deployments.apps "web" not found']);
  });
});
