// The EndpointSlice controller: for each selector Service, slices of ≤100 endpoints per port set
// (addressType IPv4), labelled with the service name and managed-by, owned by the Service.
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { Informer } from '../../client/informer.js';
import type { ControllerContext, ControllerDescriptor } from '../context.js';
import { desiredSlices, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './desired.js';
import { SERVICES, startServicePodLoop, type ServicePodLoop } from './service-pod-loop.js';

export const ENDPOINT_SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const OPTS = { fieldManager: 'endpointslice-controller' };

function content(s: KubeObject) {
  return JSON.stringify([s.ports ?? [], s.endpoints ?? [], s.metadata.labels ?? {}]);
}

export function syncSlices(
  ctx: ControllerContext,
  ns: string,
  name: string,
  loop: Pick<ServicePodLoop, 'podsFor'>,
): void {
  const { registry } = ctx;
  const svc = registry.tryGet(SERVICES, ns, name);
  const existing = registry
    .list(ENDPOINT_SLICES, ns, {
      labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MANAGED_BY}`,
    })
    .items.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const selector = svc?.spec?.selector;
  const wanted = svc && selector && Object.keys(selector).length ? desiredSlices(svc, loop.podsFor(svc)) : [];
  // A selector Service always has at least one (possibly empty) slice, like upstream's placeholder.
  if (svc && selector && Object.keys(selector).length && !wanted.length)
    wanted.push({ ports: [], endpoints: [] });
  const labels = {
    ...(svc?.metadata.labels ?? {}),
    [SERVICE_NAME_LABEL]: name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  wanted.forEach((w, i) => {
    const body: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        namespace: ns,
        labels,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name,
            uid: svc!.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      addressType: 'IPv4',
      endpoints: w.endpoints,
      ports: w.ports,
    };
    const old = existing[i];
    if (!old) {
      registry.create(
        ENDPOINT_SLICES,
        ns,
        { ...body, metadata: { ...body.metadata, generateName: `${name}-` } },
        OPTS,
      );
    } else if (
      content(old) !== content(body) ||
      old.metadata.ownerReferences?.[0]?.uid !== svc!.metadata.uid
    ) {
      registry.update(
        ENDPOINT_SLICES,
        ns,
        old.metadata.name ?? '',
        { ...body, metadata: { ...old.metadata, labels, ownerReferences: body.metadata.ownerReferences } },
        OPTS,
      );
    }
  });
  for (const extra of existing.slice(wanted.length)) {
    try {
      registry.delete(ENDPOINT_SLICES, ns, extra.metadata.name ?? '', {});
    } catch {
      // already gone (garbage collector or a concurrent sync)
    }
  }
}

export const endpointSliceController: ControllerDescriptor = {
  name: 'endpointslice',
  start: (ctx: ControllerContext) =>
    startServicePodLoop(
      ctx,
      'endpointslice',
      (ns, n, loop) => syncSlices(ctx, ns, n, loop),
      (enqueue) => {
        // Slices edited or deleted behind our back are put back.
        const slices = new Informer(ctx.registry, ENDPOINT_SLICES, {
          labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
        });
        const requeue = (s: KubeObject) => {
          const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
          if (svc) enqueue(`${s.metadata.namespace}/${svc}`);
        };
        slices.addHandlers({ onDelete: requeue, onUpdate: (_o, s) => requeue(s) });
        return [slices];
      },
    ),
};
