// The controller loop: HPAs are reconciled when created and then every syncPeriod (FakeClock).
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { resolveControllerSettings } from '../../../../orchestrator/config/settings.js';
import type { RunningController } from '../../../../orchestrator/controllers/context.js';
import { hpaController } from '../../../../orchestrator/controllers/hpa/controller.js';
import { registerMetricsSource } from '../../../../orchestrator/metrics/source.js';
import type { PodUsage } from '../../../../orchestrator/metrics/types.js';
import { Store } from '../../../../orchestrator/storage/store.js';

const DEPLOY = findResource('apps', 'v1', 'deployments')!;
const PODS = findResource('', 'v1', 'pods')!;
const HPA = findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const START = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let running: RunningController | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('horizontal-pod-autoscaler controller', () => {
  it('reconciles on create and again every syncPeriod', async () => {
    const reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    const clock = new FakeClock(START);
    let milli = 50; // on target
    const settings = resolveControllerSettings({ horizontalPodAutoscaler: { syncPeriod: '2s' } });
    expect(hpaController.name).toBe('horizontal-pod-autoscaler');
    reg.create(DEPLOY, 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });
    const pod = reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-a', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100m' } } }] },
    });
    reg.update(
      PODS,
      'default',
      'web-a',
      {
        ...pod,
        status: {
          phase: 'Running',
          startTime: iso(START - 3_600_000),
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(START - 3_600_000) }],
        },
      },
      {},
      'status',
    );
    const unregister = registerMetricsSource(reg, {
      snapshot: () => {
        const u: PodUsage = {
          namespace: 'default',
          name: 'web-a',
          uid: pod.metadata.uid!,
          node: 'w',
          timestampMs: clock.now() - 1000,
          windowMs: 15_000,
          containers: [{ name: 'c', cpuNanoCores: milli * 1e6, memoryBytes: 1 << 20 }],
        };
        return { pods: new Map([[u.uid, u]]), nodes: new Map() };
      },
    });
    running = hpaController.start({ registry: reg, clock, settings, cluster: 'c', log: () => {} });
    reg.create(HPA, 'default', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    await until('first status', () => reg.get(HPA, 'default', 'web').status?.desiredReplicas === 1);
    expect(reg.get(DEPLOY, 'default', 'web').spec.replicas).toBe(1);
    milli = 150;
    // Nothing happens before the sync period elapses…
    await new Promise((r) => setTimeout(r, 30));
    expect(reg.get(DEPLOY, 'default', 'web').spec.replicas).toBe(1);
    // …and the next resync scales to ceil(3 × 1) = 3.
    clock.advance(2000);
    await until('scale-up', () => reg.get(DEPLOY, 'default', 'web').spec.replicas === 3);
    expect(reg.get(HPA, 'default', 'web').status).toMatchObject({ currentReplicas: 1, desiredReplicas: 3 });
    unregister();
  });
});
