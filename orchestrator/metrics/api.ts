// Serves /apis/metrics.k8s.io/v1beta1/{nodes,namespaces/NS/pods}[/NAME] read-only from the
// collector's latest snapshot, joined with the registry's nodes and pods (labels, selectors).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed, StatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import { findResource } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { sendJson, wantedTransform } from '../apiserver/http.js';
import { queryBool } from '../apiserver/query.js';
import { metricsTable } from './table.js';
import { METRICS_API_VERSION, nodeMetrics, podMetrics, usageOfPod } from './render.js';
import { metricsSourceFor } from './source.js';

const PATH = /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:namespaces\/([^/]+)\/)?(pods|nodes)(?:\/([^/]+))?$/;

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

function notFound(resource: string, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${resource}.metrics.k8s.io "${name}" not found`, {
    name,
    group: 'metrics.k8s.io',
    kind: resource,
  });
}

/** Answers a metrics.k8s.io resource request; false when the path is not one. */
export function handleMetricsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  q: URLSearchParams,
  registry: Registry,
  now: () => number = Date.now,
): boolean {
  const m = PATH.exec(path);
  if (!m) return false;
  const [, rawNs, resource, rawName] = m;
  const ns = rawNs === undefined ? undefined : decodeSegment(rawNs);
  const name = rawName === undefined ? undefined : decodeSegment(rawName);
  if (resource === 'nodes' && ns !== undefined)
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  if (req.method !== 'GET') throw methodNotAllowed();
  if (queryBool(q, 'watch')) throw methodNotAllowed();
  req.resume();
  const source = metricsSourceFor(registry);
  if (!source) {
    throw new StatusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request', {
      group: 'metrics.k8s.io',
      kind: resource,
    });
  }
  const snap = source.snapshot();
  const table = wantedTransform(req.headers?.accept);
  // One object, a list, or (for kubectl get) a Table of either.
  const send = (items: KubeObject[], listKind?: string): void => {
    if (table?.as === 'Table') {
      sendJson(
        res,
        200,
        metricsTable(items, table.version, q.get('includeObject')),
        `application/json;as=Table;v=${table.version};g=meta.k8s.io`,
      );
    } else if (listKind) {
      sendJson(res, 200, { kind: listKind, apiVersion: METRICS_API_VERSION, metadata: {}, items });
    } else sendJson(res, 200, items[0]);
  };
  const t = now();
  const selectors = {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  };
  if (resource === 'nodes') {
    if (name !== undefined) {
      const node = registry.tryGet(NODES, '', name);
      const u = snap.nodes.get(name);
      if (!node || !u) throw notFound('nodes', name);
      send([nodeMetrics(node, u, t)]);
      return true;
    }
    const items: KubeObject[] = [];
    for (const node of registry.list(NODES, undefined, { ...selectors, readOnly: true }).items) {
      const u = snap.nodes.get(node.metadata.name!);
      if (u) items.push(nodeMetrics(node, u, t));
    }
    send(sorted(items), 'NodeMetricsList');
    return true;
  }
  if (name !== undefined) {
    if (ns === undefined) throw new StatusError(400, 'BadRequest', 'a namespace is required', {});
    const pod = registry.tryGet(PODS, ns, name);
    const u = pod && usageOfPod(snap.pods, pod);
    if (!pod || !u) throw notFound('pods', name);
    send([podMetrics(pod, u, t)]);
    return true;
  }
  const items: KubeObject[] = [];
  for (const pod of registry.list(PODS, ns, { ...selectors, readOnly: true }).items) {
    const u = usageOfPod(snap.pods, pod);
    if (u) items.push(podMetrics(pod, u, t));
  }
  send(sorted(items), 'PodMetricsList');
  return true;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest('malformed path encoding');
  }
}

function sorted(items: KubeObject[]): KubeObject[] {
  items.sort((a, b) =>
    `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
      `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
    ),
  );
  return items;
}
