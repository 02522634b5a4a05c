// The usage collector and the metrics.k8s.io handler over a FakeRuntime and an in-memory registry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import {
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
} from '../../../orchestrator/apiserver/discovery.js';
import { handleMetricsRequest } from '../../../orchestrator/metrics/api.js';
import { MetricsCollector } from '../../../orchestrator/metrics/collector.js';
import { goDuration, memoryQuantity } from '../../../orchestrator/metrics/render.js';
import { registerMetricsSource, resolutionFromEnv } from '../../../orchestrator/metrics/source.js';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';
import { Store } from '../../../orchestrator/storage/store.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const CORES = 1e9;

let now = 1_000_000;
let rt: FakeRuntime;
let reg: Registry;
let collector: MetricsCollector;

async function container(name: string, labels: Record<string, string>): Promise<string> {
  const id = await rt.createContainer({ name, image: 'img', labels });
  await rt.startContainer(id);
  return id;
}

function podLabels(pod: string, uid: string, container: string, node = 'c1-worker'): Record<string, string> {
  return {
    'kubedeck.cluster': 'c1',
    'kubedeck.node': node,
    'io.kubernetes.pod.name': pod,
    'io.kubernetes.pod.namespace': 'default',
    'io.kubernetes.pod.uid': uid,
    'io.kubernetes.container.name': container,
  };
}

function addPod(name: string, labels: Record<string, string> = {}): string {
  return reg.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'app', image: 'img' }] },
  }).metadata.uid!;
}

function get(path: string, query = ''): { code: number; body: any } {
  const out = { code: 0, body: undefined as any };
  const req = { method: 'GET', resume() {} } as unknown as IncomingMessage;
  const res = {
    writeHead(code: number) {
      out.code = code;
    },
    end(data: string) {
      out.body = JSON.parse(data);
    },
  } as unknown as ServerResponse;
  if (!handleMetricsRequest(req, res, path, new URLSearchParams(query), reg, () => now))
    return { code: -1, body: undefined };
  return out;
}

beforeEach(() => {
  now = 1_000_000;
  rt = new FakeRuntime({ now: () => now });
  rt.addImage('img');
  reg = new Registry(Store.open(':memory:'));
  reg.bootstrap();
  collector = new MetricsCollector({ runtime: rt, cluster: 'c1', resolutionMs: 15_000, now: () => now });
  registerMetricsSource(reg, collector);
});

describe('MetricsCollector', () => {
  it('turns cumulative samples into rates per container, pod and node', async () => {
    const uid = addPod('web', { app: 'web' });
    reg.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c1-worker' } });
    const node = await container('c1-worker', {
      'kubedeck.cluster': 'c1',
      'kubedeck.role': 'node',
      'kubedeck.node': 'c1-worker',
    });
    const sandbox = await container('k8s_POD_web', podLabels('web', uid, 'POD'));
    const app = await container('k8s_app_web', podLabels('web', uid, 'app'));
    const other = await container('other', { ...podLabels('web', uid, 'app'), 'kubedeck.cluster': 'c2' });
    rt.setUsage(node, 0.1 * CORES, 50 << 20);
    rt.setUsage(sandbox, 0, 1 << 20);
    rt.setUsage(app, 0.5 * CORES, 20 << 20);
    rt.setUsage(other, 2 * CORES, 1 << 30);
    now += 10_000;
    // First scrape: the average since each container started.
    await collector.scrape();
    let p = collector.snapshot().pods.get(uid)!;
    expect(p.containers).toEqual([{ name: 'app', cpuNanoCores: 0.5 * CORES, memoryBytes: 20 << 20 }]);
    expect(p.windowMs).toBe(10_000);
    // Load doubles; the next scrape measures only the interval since the previous sample.
    rt.setUsage(app, 1 * CORES, 30 << 20);
    now += 15_000;
    await collector.scrape();
    p = collector.snapshot().pods.get(uid)!;
    expect(p.containers[0]).toEqual({ name: 'app', cpuNanoCores: 1 * CORES, memoryBytes: 30 << 20 });
    expect(p.windowMs).toBe(15_000);
    const n = collector.snapshot().nodes.get('c1-worker')!;
    // Node = node agent container + every pod container on it (sandbox included); not other clusters.
    expect(n.cpuNanoCores).toBe(1.1 * CORES);
    expect(n.memoryBytes).toBe((50 << 20) + (1 << 20) + (30 << 20));
    // The control plane is this process: reported under selfNode once two scrapes exist.
    const withSelf = new MetricsCollector({
      runtime: rt,
      cluster: 'c1',
      resolutionMs: 1,
      now: () => now,
      selfNode: 'cp',
    });
    await withSelf.scrape();
    now += 1000;
    await withSelf.scrape();
    expect(withSelf.snapshot().nodes.get('cp')).toMatchObject({ name: 'cp', windowMs: 1000 });
    expect(withSelf.snapshot().nodes.get('cp')!.memoryBytes).toBeGreaterThan(1 << 20);
    // A container that ran long before it was first seen waits for a second sample.
    const late = new MetricsCollector({ runtime: rt, cluster: 'c1', resolutionMs: 1000, now: () => now });
    await late.scrape();
    expect(late.snapshot().pods.size).toBe(0);
    now += 1000;
    await late.scrape();
    expect(late.snapshot().pods.get(uid)!.containers[0].cpuNanoCores).toBe(1 * CORES);
    // A stopped container disappears from the figures.
    await rt.stopContainer(app, 0);
    now += 15_000;
    await collector.scrape();
    expect(collector.snapshot().pods.has(uid)).toBe(false);
  });
});

describe('metrics.k8s.io handler', () => {
  beforeEach(async () => {
    reg.create(NODES, '', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'c1-worker', labels: { role: 'w' } },
    });
    await container('c1-worker', {
      'kubedeck.cluster': 'c1',
      'kubedeck.role': 'node',
      'kubedeck.node': 'c1-worker',
    });
    for (const [name, app] of [
      ['web-1', 'web'],
      ['db-1', 'db'],
    ]) {
      const uid = addPod(name, { app });
      rt.setUsage(await container(`k8s_app_${name}`, podLabels(name, uid, 'app')), 0.25 * CORES, 4 << 20);
      if (name === 'web-1') await container('k8s_app_web-1_old', podLabels(name, 'old-uid', 'app'));
    }
    // A leftover container of an older pod with the same name (other uid) is not reported.
    now += 4_000;
    await collector.scrape();
  });

  it('lists and gets PodMetrics with label selectors', () => {
    const list = get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
    expect(list.code).toBe(200);
    expect(list.body).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(['db-1', 'web-1']);
    expect(list.body.items[1]).toMatchObject({
      kind: 'PodMetrics',
      metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
      window: '4s',
      containers: [{ name: 'app', usage: { cpu: '250000000n', memory: '4096Ki' } }],
    });
    const sel = get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', 'labelSelector=app%3Dweb');
    expect(sel.body.items.map((i: any) => i.metadata.name)).toEqual(['web-1']);
    const all = get('/apis/metrics.k8s.io/v1beta1/pods');
    expect(all.body.items).toHaveLength(2);
    expect(get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db-1').body.kind).toBe('PodMetrics');
    expect(() => get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope')).toThrow(
      'pods.metrics.k8s.io "nope" not found',
    );
    expect(get('/apis/apps/v1/deployments').code).toBe(-1);
  });

  it('serves NodeMetrics', () => {
    const list = get('/apis/metrics.k8s.io/v1beta1/nodes');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      kind: 'NodeMetrics',
      metadata: { name: 'c1-worker', labels: { role: 'w' } },
      usage: { cpu: '500000000n', memory: '8192Ki' },
    });
    expect(get('/apis/metrics.k8s.io/v1beta1/nodes/c1-worker').body.kind).toBe('NodeMetrics');
  });

  it('answers 503 without a collector and refuses writes', () => {
    const req = { method: 'DELETE', resume() {} } as unknown as IncomingMessage;
    expect(() =>
      handleMetricsRequest(
        req,
        {} as ServerResponse,
        '/apis/metrics.k8s.io/v1beta1/nodes',
        new URLSearchParams(),
        reg,
      ),
    ).toThrow(StatusError);
    const fresh = new Registry(Store.open(':memory:'));
    reg = fresh;
    try {
      get('/apis/metrics.k8s.io/v1beta1/nodes');
      expect.unreachable();
    } catch (e) {
      expect((e as StatusError).code).toBe(503);
    }
  });
});

describe('discovery and formatting', () => {
  it('lists metrics.k8s.io/v1beta1 in plain and aggregated discovery', () => {
    expect(JSON.stringify(apiGroupList())).toContain('"metrics.k8s.io/v1beta1"');
    const rl = apiResourceList('metrics.k8s.io', 'v1beta1') as any;
    expect(rl.resources.map((r: any) => [r.name, r.kind, r.namespaced, r.verbs])).toEqual([
      ['nodes', 'NodeMetrics', false, ['get', 'list']],
      ['pods', 'PodMetrics', true, ['get', 'list']],
    ]);
    const agg = aggregatedDiscovery(false, 'v2') as any;
    const g = agg.items.find((i: any) => i.metadata.name === 'metrics.k8s.io');
    expect(g.versions[0].resources.map((r: any) => r.resource)).toEqual(['nodes', 'pods']);
  });

  it('formats windows and quantities like metrics-server', () => {
    expect(goDuration(15_000)).toBe('15s');
    expect(goDuration(10_512)).toBe('10.512s');
    expect(goDuration(75_500)).toBe('1m15.5s');
    expect(memoryQuantity(10 << 20)).toBe('10240Ki');
    expect(resolutionFromEnv({})).toBe(15_000);
    expect(resolutionFromEnv({ KUBEDECK_METRICS_RESOLUTION: '2s' })).toBe(2_000);
  });
});
