// Kinds Kubedeck does not serve yet but that clients look up by name: the CRD list (kubectl's
// validation asks it whenever a kind is missing from OpenAPI) and the kinds in `kubectl apply
// --prune`'s default allowlist (kubectl 1.27–1.33 refuse to prune unless all of them map).
// They appear in discovery and answer get/list/watch with nothing; writes get a 405 that says so.
// Like metrics.k8s.io they live outside RESOURCES: no storage, no registry pipeline.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, notFound, StatusError } from '../api/errors.js';
import { RESOURCES } from '../api/resources.js';
import type { ResourceInfo } from '../api/types.js';
import { sendJson, wantedTransform } from './http.js';
import { contentTypeFor, renderList } from './output.js';
import { queryBool, queryOptionalBool } from './query.js';

const READ = ['get', 'list', 'watch'];

function placeholder(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    namespaced,
    singular: kind.toLowerCase(),
    verbs: READ,
    ...(shortNames ? { shortNames } : {}),
    storage: `${group || 'core'}/${resource}`,
    storageVersion: version,
  };
}

const CANDIDATES: ResourceInfo[] = [
  placeholder('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false, [
    'crd',
    'crds',
  ]),
  // kubectl's default prune allowlist (pkg/util/prune): the ones not served yet.
  placeholder('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  placeholder('', 'v1', 'persistentvolumes', 'PersistentVolume', false, ['pv']),
  placeholder('', 'v1', 'replicationcontrollers', 'ReplicationController', true, ['rc']),
  placeholder('batch', 'v1', 'jobs', 'Job', true),
  placeholder('batch', 'v1', 'cronjobs', 'CronJob', true, ['cj']),
  placeholder('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, ['ing']),
  placeholder('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']),
  placeholder('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']),
];

/** The placeholders still needed: a kind that becomes really served drops out by itself. */
export const PLACEHOLDER_RESOURCES: ResourceInfo[] = CANDIDATES.filter(
  (p) => !RESOURCES.some((r) => r.group === p.group && r.resource === p.resource),
);

interface PlaceholderRoute {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function route(path: string): PlaceholderRoute | undefined {
  const segs = path.split('/').slice(1);
  let group: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    rest = segs.slice(1);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    rest = segs.slice(2);
  } else return undefined;
  const [version, ...tail] = rest;
  const find = (resource: string | undefined) =>
    PLACEHOLDER_RESOURCES.find((p) => p.group === group && p.version === version && p.resource === resource);
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    const info = find(tail[2]);
    if (!info?.namespaced) return undefined;
    return { info, namespace: tail[1], name: tail[3], subresource: tail[4] };
  }
  const info = find(tail[0]);
  if (!info) return undefined;
  return { info, name: tail[1], subresource: tail[2] };
}

/** Answers a request for a placeholder kind; false when the path is not one. */
export function handlePlaceholderRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  q: URLSearchParams,
  revision: () => number,
): boolean {
  const r = route(path);
  if (!r) return false;
  req.resume();
  const { info } = r;
  const plural = info.group ? `${info.resource}.${info.group}` : info.resource;
  if (req.method !== 'GET') {
    throw methodNotAllowed(
      `the server does not allow this method on the requested resource: Kubedeck does not serve ${plural} yet (get, list and watch answer with nothing)`,
    );
  }
  if (r.subresource !== undefined)
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  if (r.name !== undefined) throw notFound(info, r.name);
  const rv = String(revision());
  if (queryBool(q, 'watch')) {
    serveEmptyWatch(req, res, info, q, rv);
    return true;
  }
  const transform = wantedTransform(req.headers.accept);
  sendJson(res, 200, renderList(info, [], { resourceVersion: rv }, transform, q), contentTypeFor(transform));
  return true;
}

/** A watch on nothing: headers at once, the watch-list end bookmark if asked, then quiet until timeout. */
function serveEmptyWatch(
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceInfo,
  q: URLSearchParams,
  rv: string,
): void {
  const timeout = q.get('timeoutSeconds');
  const ms = timeout && /^\d+$/.test(timeout) ? Number(timeout) * 1000 : 1_800_000;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  if (queryOptionalBool(q, 'sendInitialEvents') && queryBool(q, 'allowWatchBookmarks')) {
    const object = {
      kind: info.kind,
      apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
      metadata: { resourceVersion: rv, annotations: { 'k8s.io/initial-events-end': 'true' } },
    };
    res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
  }
  const timer = setTimeout(() => res.end(), ms);
  req.on('close', () => {
    clearTimeout(timer);
    res.end();
  });
}
