// The Endpoints controller: keeps an Endpoints object named like each selector Service, with
// ready pods in addresses and the rest in notReadyAddresses. The `kubernetes` Service's Endpoints
// point at the API server (the cluster network's gateway and the API port), like upstream's
// master endpoints reconciler.
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerContext, ControllerDescriptor } from '../context.js';
import { desiredSubsets } from './desired.js';
import { SERVICES, startServicePodLoop, type ServicePodLoop } from './service-pod-loop.js';

const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const OPTS = { fieldManager: 'endpoint-controller' };

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

async function apiServerSubsets(ctx: ControllerContext, svc: KubeObject): Promise<any[] | undefined> {
  const gateway = await ctx.host?.networkGateway().catch(() => undefined);
  const port = svc.spec?.ports?.[0]?.targetPort;
  if (!gateway || typeof port !== 'number') return undefined;
  return [{ addresses: [{ ip: gateway }], ports: [{ name: 'https', port, protocol: 'TCP' }] }];
}

export async function syncEndpoints(
  ctx: ControllerContext,
  ns: string,
  name: string,
  loop: Pick<ServicePodLoop, 'podsFor'>,
): Promise<void> {
  const { registry } = ctx;
  const svc = registry.tryGet(SERVICES, ns, name);
  const existing = registry.tryGet(ENDPOINTS, ns, name);
  let subsets: any[] | undefined;
  if (svc && ns === 'default' && name === 'kubernetes') subsets = await apiServerSubsets(ctx, svc);
  else if (svc?.spec?.selector && Object.keys(svc.spec.selector).length) {
    subsets = desiredSubsets(svc, loop.podsFor(svc));
  }
  if (!svc || subsets === undefined) {
    // Selector-less Services keep user-managed Endpoints; a deleted Service takes its Endpoints along.
    if (!svc && existing) registry.delete(ENDPOINTS, ns, name, {});
    return;
  }
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (existing) {
    if (sameJSON(existing.subsets, subsets) && sameJSON(existing.metadata.labels, labels)) return;
    registry.update(
      ENDPOINTS,
      ns,
      name,
      { ...existing, metadata: { ...existing.metadata, labels }, subsets },
      OPTS,
    );
    return;
  }
  registry.create(
    ENDPOINTS,
    ns,
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels }, subsets },
    OPTS,
  );
}

export const endpointsController: ControllerDescriptor = {
  name: 'endpoints',
  start: (ctx) => startServicePodLoop(ctx, 'endpoints', (ns, n, loop) => syncEndpoints(ctx, ns, n, loop)),
};
