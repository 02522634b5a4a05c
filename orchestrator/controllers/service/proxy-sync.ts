// Keeps the cluster proxy's table in step with Services and Endpoints: rebuilt (debounced) on
// every change and copied into the proxy container, which is (re)created when missing. Also
// ensures the kube-dns Service (10.96.0.10, like kubeadm's) whose Endpoints name the proxy.
import { DNS_SERVICE_IP } from '../../api/registry/allocators.js';
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { sharedInformer } from '../../client/shared-informers.js';
import { buildProxyTable } from '../../proxy/table.js';
import type { ClusterHost, ControllerContext, RunningController } from '../context.js';

const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
export const SERVICE_CIDR = '10.96.0.0/12';
export const CLUSTER_DOMAIN = 'cluster.local';
const DEBOUNCE_MS = 50;
const RETRY_MS = 2000;
const OPTS = { fieldManager: 'kubedeck-service-proxy' };

export function ensureKubeDnsService(ctx: ControllerContext): void {
  if (ctx.registry.tryGet(SERVICES, 'kube-system', 'kube-dns')) return;
  try {
    ctx.registry.create(
      SERVICES,
      'kube-system',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'kube-dns',
          namespace: 'kube-system',
          labels: {
            'k8s-app': 'kube-dns',
            'kubernetes.io/cluster-service': 'true',
            'kubernetes.io/name': 'KubeDNS',
          },
        },
        spec: {
          type: 'ClusterIP',
          clusterIP: DNS_SERVICE_IP,
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          ],
        },
      },
      OPTS,
    );
  } catch (e) {
    ctx.log(`service: creating kube-system/kube-dns: ${(e as Error).message}`);
  }
}

function ensureKubeDnsEndpoints(ctx: ControllerContext, ip: string): void {
  const subsets = [
    {
      addresses: [{ ip }],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
  ];
  const existing = ctx.registry.tryGet(ENDPOINTS, 'kube-system', 'kube-dns');
  if (existing && JSON.stringify(existing.subsets) === JSON.stringify(subsets)) return;
  const body: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(existing?.metadata ?? {}),
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns' },
    },
    subsets,
  };
  if (existing) ctx.registry.update(ENDPOINTS, 'kube-system', 'kube-dns', body, OPTS);
  else ctx.registry.create(ENDPOINTS, 'kube-system', body, OPTS);
}

export function startProxySync(ctx: ControllerContext, host: ClusterHost): RunningController {
  const services = sharedInformer(ctx.registry, SERVICES);
  const endpoints = sharedInformer(ctx.registry, ENDPOINTS);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let proxy: Awaited<ReturnType<ClusterHost['ensureProxy']>>;
  let pushed = '';
  const schedule = (ms = DEBOUNCE_MS) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void sync(), ms);
  };
  const sync = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const table = buildProxyTable(services.list(), (ns, n) => endpoints.get(ns, n), {
        clusterDomain: CLUSTER_DOMAIN,
        dnsIP: DNS_SERVICE_IP,
        serviceCIDR: SERVICE_CIDR,
      });
      const json = JSON.stringify(table);
      if (!proxy) {
        proxy = await host.ensureProxy();
        pushed = '';
        if (!proxy) return schedule(RETRY_MS); // no node container yet
        ensureKubeDnsEndpoints(ctx, proxy.ip);
      }
      if (json !== pushed) {
        await host.pushProxyTable(proxy.id, json);
        pushed = json;
      }
    } catch (e) {
      ctx.log(`service proxy: ${(e as Error).message}`);
      proxy = undefined; // re-inspect (container removed or engine restarted)
      schedule(RETRY_MS);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  for (const inf of [services, endpoints]) {
    inf.addHandlers({ onAdd: () => schedule(), onUpdate: () => schedule(), onDelete: () => schedule() });
    inf.start();
  }
  // A proxy container removed or stopped behind our back is brought back.
  const health = setInterval(() => {
    proxy = undefined;
    schedule();
  }, 15_000);
  health.unref();
  ensureKubeDnsService(ctx);
  schedule();
  return {
    stop() {
      stopped = true;
      clearInterval(health);
      if (timer) clearTimeout(timer);
      services.stop();
      endpoints.stop();
    },
  };
}
