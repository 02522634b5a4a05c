// NodePort and LoadBalancer Services from the host: the control plane listens on
// 127.0.0.1:<nodePort> (both types) and 127.0.0.1:<port> (LoadBalancer) and forwards each new
// connection to a ready endpoint's pod IP (routable from the host on Linux; Docker Desktop keeps
// container IPs inside its VM). A LoadBalancer gets ingress `localhost` once all its ports are
// bound; a port taken by someone else leaves it <pending> with a Warning event, retried until free.
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { objectKey } from '../../client/informer.js';
import { sharedInformer } from '../../client/shared-informers.js';
import { Balancer } from '../../proxy/balancer.js';
import { listenTcp, type Listener } from '../../proxy/forwarder.js';
import { backendsFor } from '../../proxy/table.js';
import type { ControllerContext, RunningController } from '../context.js';

const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const HOST = '127.0.0.1';
export const HOST_PORT_RETRY_MS = 2000;

interface Want {
  svcKey: string;
  svcPort: any;
  kind: 'nodePort' | 'loadBalancer';
  affinity: 'None' | 'ClientIP';
  affinityTimeoutMs: number;
}

interface Binding extends Want {
  listener?: Listener;
  state: 'binding' | 'bound' | 'failed';
  error?: string;
  warned?: boolean;
  retryAt?: number;
}

/** Host ports each Service wants, first come (oldest Service) first served. */
export function wantedHostPorts(services: KubeObject[]): Map<number, Want> {
  const out = new Map<number, Want>();
  const sorted = [...services].sort((a, b) =>
    String(a.metadata.creationTimestamp ?? '') < String(b.metadata.creationTimestamp ?? '') ? -1 : 1,
  );
  for (const svc of sorted) {
    const type = svc.spec?.type;
    if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
    for (const p of svc.spec?.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue;
      const svcKey = objectKey(svc);
      const affinity = svc.spec?.sessionAffinity === 'ClientIP' ? ('ClientIP' as const) : ('None' as const);
      const affinityTimeoutMs = (svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10_800) * 1000;
      if (type === 'LoadBalancer' && !out.has(p.port))
        out.set(p.port, { svcKey, svcPort: p, kind: 'loadBalancer', affinity, affinityTimeoutMs });
      if (p.nodePort && !out.has(p.nodePort))
        out.set(p.nodePort, { svcKey, svcPort: p, kind: 'nodePort', affinity, affinityTimeoutMs });
    }
  }
  return out;
}

export function startHostPorts(ctx: ControllerContext, opts: { retryMs?: number } = {}): RunningController {
  const retryMs = opts.retryMs ?? HOST_PORT_RETRY_MS;
  const services = sharedInformer(ctx.registry, SERVICES);
  const endpoints = sharedInformer(ctx.registry, ENDPOINTS);
  const recorder = new EventRecorder(ctx.registry, { component: 'service-controller' });
  const bindings = new Map<number, Binding>();
  const conflictsWarned = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (ms = 20) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(sync, ms);
  };

  const backends = (w: Want) => {
    const [ns, name] = w.svcKey.split('/') as [string, string];
    return backendsFor(w.svcPort, endpoints.get(ns, name));
  };

  const bind = (port: number, b: Binding) => {
    b.state = 'binding';
    const balancer = new Balancer(backends(b), b.affinity, b.affinityTimeoutMs);
    b.listener = listenTcp(
      HOST,
      port,
      balancer,
      (e) => {
        b.state = 'failed';
        b.error =
          (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
            ? `port ${port} on ${HOST} is already in use`
            : e.message;
        b.listener?.close();
        b.listener = undefined;
        b.retryAt = Date.now() + retryMs;
        schedule(0);
      },
      () => {
        b.state = 'bound';
        b.error = undefined;
        b.warned = false;
        schedule(0);
      },
    );
  };

  function sync() {
    timer = undefined;
    if (stopped) return;
    const wanted = wantedHostPorts(services.list());
    for (const [port, b] of bindings) {
      const w = wanted.get(port);
      if (!w || w.svcKey !== b.svcKey || w.kind !== b.kind || w.svcPort.port !== b.svcPort.port) {
        b.listener?.close();
        bindings.delete(port);
      }
    }
    let retry = false;
    for (const [port, w] of wanted) {
      let b = bindings.get(port);
      if (!b) {
        b = { ...w, state: 'failed' };
        bindings.set(port, b);
        bind(port, b);
        continue;
      }
      b.svcPort = w.svcPort;
      b.affinity = w.affinity;
      b.affinityTimeoutMs = w.affinityTimeoutMs;
      if (b.state === 'failed') {
        retry = true;
        if (!b.listener && Date.now() >= (b.retryAt ?? 0)) bind(port, b);
      } else b.listener?.balancer.update(backends(w), w.affinity, w.affinityTimeoutMs);
    }
    for (const svc of services.list()) updateStatus(svc);
    if (retry) schedule(retryMs);
  }

  function updateStatus(svc: KubeObject) {
    if (svc.spec?.type !== 'LoadBalancer') {
      return;
    }
    const key = objectKey(svc);
    const mine = [...bindings.entries()].filter(([, b]) => b.svcKey === key && b.kind === 'loadBalancer');
    const failed = mine.filter(([, b]) => b.state === 'failed');
    const lbPorts = (svc.spec?.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP');
    for (const [, b] of failed) {
      if (b.warned || !b.error) continue;
      b.warned = true;
      recorder.record(
        svc,
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: failed to ensure load balancer: ${b.error}; the service stays pending and is retried every ${retryMs / 1000}s until the port is free`,
      );
    }
    for (const p of lbPorts) {
      const owner = bindings.get(p.port);
      const conflict = `${key}:${p.port}`;
      if (!owner || owner.svcKey === key) conflictsWarned.delete(conflict);
      else if (!conflictsWarned.has(conflict)) {
        conflictsWarned.add(conflict);
        // Another Service already holds this host port.
        recorder.record(
          svc,
          'Warning',
          'SyncLoadBalancerFailed',
          `Error syncing load balancer: port ${p.port} on ${HOST} is already used by service ${owner.svcKey}`,
        );
      }
    }
    const ready =
      lbPorts.length > 0 &&
      lbPorts.every(
        (p: any) => bindings.get(p.port)?.svcKey === key && bindings.get(p.port)?.state === 'bound',
      );
    const ingress = ready ? [{ hostname: 'localhost' }] : undefined;
    const current = svc.status?.loadBalancer?.ingress;
    if (JSON.stringify(current ?? null) === JSON.stringify(ingress ?? null)) return;
    const [ns, name] = key.split('/') as [string, string];
    const fresh = ctx.registry.tryGet(SERVICES, ns, name);
    if (!fresh) return;
    try {
      ctx.registry.update(
        SERVICES,
        ns,
        name,
        { ...fresh, status: { ...(fresh.status ?? {}), loadBalancer: ingress ? { ingress } : {} } },
        { fieldManager: 'service-controller' },
        'status',
      );
      if (ready) recorder.record(fresh, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    } catch (e) {
      ctx.log(`service: status of ${key}: ${(e as Error).message}`);
      schedule(retryMs);
    }
  }

  for (const inf of [services, endpoints]) {
    inf.addHandlers({ onAdd: () => schedule(), onUpdate: () => schedule(), onDelete: () => schedule() });
    inf.start();
  }
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const b of bindings.values()) b.listener?.close();
      bindings.clear();
      services.stop();
      endpoints.stop();
    },
  };
}
