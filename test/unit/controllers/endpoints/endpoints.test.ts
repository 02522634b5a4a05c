// The endpoint controllers against an in-memory registry: ready/not-ready split, named target
// ports, slices' labels/conditions/owner, chunking at 100, and clean-up when the Service goes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { realClock } from '../../../../orchestrator/client/clock.js';
import type { RunningController } from '../../../../orchestrator/controllers/context.js';
import { resolveControllerSettings } from '../../../../orchestrator/config/settings.js';
import {
  desiredSlices,
  desiredSubsets,
  resolveTargetPort,
} from '../../../../orchestrator/controllers/endpoints/desired.js';
import { endpointsController } from '../../../../orchestrator/controllers/endpoints/endpoints-controller.js';
import { endpointSliceController } from '../../../../orchestrator/controllers/endpoints/endpointslice-controller.js';
import { Store } from '../../../../orchestrator/storage/store.js';

const PODS = findResource('', 'v1', 'pods')!;
const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

function pod(
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, uid: `uid-${name}` },
    spec: {
      nodeName: 'w1',
      containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
    status: {
      phase: 'Running',
      ...(ip ? { podIP: ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
    ...extra,
  };
}

const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
  spec: {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
  },
};

describe('desired endpoints (pure)', () => {
  it('resolves numeric and named target ports, skipping pods without the named port', () => {
    const p = pod('a', '10.0.0.1', true);
    expect(resolveTargetPort({ port: 80 }, p)).toBe(80);
    expect(resolveTargetPort({ port: 80, targetPort: 9090 }, p)).toBe(9090);
    expect(resolveTargetPort({ port: 80, targetPort: 'http' }, p)).toBe(8080);
    expect(resolveTargetPort({ port: 80, targetPort: 'http', protocol: 'UDP' }, p)).toBeUndefined();
    expect(resolveTargetPort({ port: 80, targetPort: 'metrics' }, p)).toBeUndefined();
  });

  it('splits ready and not-ready pods; ignores pods without IP, finished or deleting', () => {
    const subsets = desiredSubsets(svc, [
      pod('b', '10.0.0.2', true),
      pod('a', '10.0.0.1', true),
      pod('c', '10.0.0.3', false),
      pod('d', undefined, true),
      pod('e', '10.0.0.5', true, { status: { phase: 'Succeeded', podIP: '10.0.0.5' } }),
      { ...pod('f', '10.0.0.6', true), metadata: { ...pod('f', '', true).metadata, deletionTimestamp: 'x' } },
    ]);
    expect(subsets).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'w1',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
          },
          {
            ip: '10.0.0.2',
            nodeName: 'w1',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.3',
            nodeName: 'w1',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'c', uid: 'uid-c' },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('keeps terminating pods in slices with ready=false, serving and terminating set', () => {
    const del = pod('t', '10.0.0.9', true);
    del.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    const [slice] = desiredSlices(svc, [del, pod('n', '10.0.0.8', false)]);
    expect(slice.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['10.0.0.8', { ready: false, serving: false, terminating: false }],
      ['10.0.0.9', { ready: false, serving: true, terminating: true }],
    ]);
  });

  it('puts at most 100 endpoints in one slice', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, `10.1.${i >> 8}.${i & 255}`, true));
    expect(desiredSlices(svc, pods).map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
  });
});

describe('endpoints and endpointslice controllers', () => {
  let reg: Registry;
  let running: RunningController[];
  const until = async (fn: () => boolean) => {
    for (let i = 0; i < 200 && !fn(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(fn()).toBe(true);
  };

  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    const ctx = {
      registry: reg,
      clock: realClock,
      settings: resolveControllerSettings(),
      cluster: 'unit',
      log: () => {},
    };
    running = [endpointsController.start(ctx), endpointSliceController.start(ctx)];
  });
  afterEach(async () => {
    for (const r of running) await r.stop();
  });

  it('follows pods becoming ready, and removes its objects with the Service', async () => {
    reg.create(PODS, 'default', pod('a', undefined, false));
    reg.create(SERVICES, 'default', svc);
    const slices = () =>
      reg.list(SLICES, 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items;
    await until(() => !!reg.tryGet(ENDPOINTS, 'default', 'web') && slices().length === 1);
    expect(reg.get(ENDPOINTS, 'default', 'web').subsets ?? []).toEqual([]);
    const s0 = slices()[0];
    expect(s0.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s0.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Service',
      name: 'web',
      controller: true,
    });
    expect(s0.addressType).toBe('IPv4');

    const a = reg.get(PODS, 'default', 'a');
    reg.update(PODS, 'default', 'a', { ...a, status: pod('a', '10.0.0.1', true).status }, {}, 'status');
    await until(() => reg.get(ENDPOINTS, 'default', 'web').subsets?.[0]?.addresses?.[0]?.ip === '10.0.0.1');
    await until(() => slices()[0]?.endpoints?.[0]?.conditions?.ready === true);
    expect(slices()[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);

    const b = reg.get(PODS, 'default', 'a');
    reg.update(PODS, 'default', 'a', { ...b, status: pod('a', '10.0.0.1', false).status }, {}, 'status');
    await until(
      () => reg.get(ENDPOINTS, 'default', 'web').subsets?.[0]?.notReadyAddresses?.[0]?.ip === '10.0.0.1',
    );

    reg.delete(SERVICES, 'default', 'web', {});
    await until(() => !reg.tryGet(ENDPOINTS, 'default', 'web') && slices().length === 0);
  });

  it('leaves Endpoints of a Service without selector to their owner', async () => {
    reg.create(SERVICES, 'default', {
      ...svc,
      metadata: { name: 'manual' },
      spec: { ports: [{ port: 80 }] },
    });
    reg.create(ENDPOINTS, 'default', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '192.168.1.1' }], ports: [{ port: 80 }] }],
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(reg.get(ENDPOINTS, 'default', 'manual').subsets[0].addresses[0].ip).toBe('192.168.1.1');
  });
});
