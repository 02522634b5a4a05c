// OpenAPI v3 documents (one per group-version) and the swagger 2.0 document, built from the
// component schemas and the RESOURCES table. kubectl needs: GVK on PATCH operations with the
// fieldValidation/dryRun parameters (to send fieldValidation=Strict), and GVK-tagged
// component schemas (explain, client-side apply patch computation).
import { createHash } from 'node:crypto';
import { RESOURCES, apiVersionOf } from '../resources.js';
import type { ResourceInfo } from '../types.js';
import { closure, componentForKind, REF_PREFIX, type Schema } from './build.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const INFO = { title: 'Kubernetes', version: 'v1.33.0' };

interface Param {
  name: string;
  in: 'query' | 'path';
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
}

const q = (name: string, type: Param['type'], description: string): Param => ({
  name,
  in: 'query',
  type,
  description,
});
const P = {
  pretty: q('pretty', 'string', "If 'true', then the output is pretty printed."),
  dryRun: q(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: q(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: q(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
  ),
  force: q(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
  ),
  gracePeriodSeconds: q(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted.',
  ),
  propagationPolicy: q(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.",
  ),
  labelSelector: q(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  fieldSelector: q(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields.',
  ),
  limit: q('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  cont: q(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server.',
  ),
  resourceVersion: q(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  watch: q(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  ),
  timeoutSeconds: q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  allowWatchBookmarks: q(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  ),
};
const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  type: 'string',
  description,
  required: true,
});

type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
interface Op {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  action: Action;
  operationId: string;
  params: Param[];
  body?: string; // component name of the request body
  response: string; // component name of the 200 response
  gvk: { group: string; version: string; kind: string };
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function camel(s: string): string {
  return s.replace(/(^|[.\-/])(\w)/g, (_m, _p, c: string) => c.toUpperCase());
}

/** Paths and operations for one resource (collection, item and status/scale subresources). */
function resourcePaths(r: ResourceInfo): Map<string, Op[]> {
  const out = new Map<string, Op[]>();
  const kindC = componentForKind(r.group, r.version, r.kind);
  const listC = componentForKind(r.group, r.version, `${r.kind}List`);
  if (!kindC || !listC) return out;
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced ? '/namespaces/{namespace}' : '';
  const nsParam = r.namespaced
    ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')]
    : [];
  const nameParam = pathParam('name', `name of the ${r.kind}`);
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const suffix = `${camel(r.group.split('.')[0] || 'core')}${camel(r.version)}${r.namespaced ? 'Namespaced' : ''}${r.kind}`;
  const has = (v: string) => r.verbs.includes(v);
  const listParams = [
    P.pretty,
    P.labelSelector,
    P.fieldSelector,
    P.limit,
    P.cont,
    P.resourceVersion,
    P.watch,
    P.timeoutSeconds,
    P.allowWatchBookmarks,
  ];
  const write = [P.pretty, P.dryRun, P.fieldManager, P.fieldValidation];
  const del = [P.pretty, P.dryRun, P.gracePeriodSeconds, P.propagationPolicy];

  const coll: Op[] = [];
  if (has('list'))
    coll.push({
      method: 'get',
      action: 'list',
      operationId: `list${suffix}`,
      params: [...nsParam, ...listParams],
      response: listC,
      gvk,
    });
  if (has('create'))
    coll.push({
      method: 'post',
      action: 'post',
      operationId: `create${suffix}`,
      params: [...nsParam, ...write],
      body: kindC,
      response: kindC,
      gvk,
    });
  if (has('deletecollection'))
    coll.push({
      method: 'delete',
      action: 'deletecollection',
      operationId: `deleteCollection${suffix}`,
      params: [...nsParam, ...del, P.labelSelector, P.fieldSelector],
      body: `${META}.DeleteOptions`,
      response: `${META}.Status`,
      gvk,
    });
  out.set(`${base}${ns}/${r.resource}`, coll);
  if (r.namespaced && has('list'))
    out.set(`${base}/${r.resource}`, [
      {
        method: 'get',
        action: 'list',
        operationId: `list${suffix.replace('Namespaced', '')}ForAllNamespaces`,
        params: listParams,
        response: listC,
        gvk,
      },
    ]);

  const item: Op[] = [];
  const itemParams = [nameParam, ...nsParam];
  if (has('get'))
    item.push({
      method: 'get',
      action: 'get',
      operationId: `read${suffix}`,
      params: [...itemParams, P.pretty],
      response: kindC,
      gvk,
    });
  if (has('update'))
    item.push({
      method: 'put',
      action: 'put',
      operationId: `replace${suffix}`,
      params: [...itemParams, ...write],
      body: kindC,
      response: kindC,
      gvk,
    });
  if (has('patch'))
    item.push({
      method: 'patch',
      action: 'patch',
      operationId: `patch${suffix}`,
      params: [...itemParams, ...write, P.force],
      body: `${META}.Patch`,
      response: kindC,
      gvk,
    });
  if (has('delete'))
    item.push({
      method: 'delete',
      action: 'delete',
      operationId: `delete${suffix}`,
      params: [...itemParams, ...del],
      body: `${META}.DeleteOptions`,
      response: `${META}.Status`,
      gvk,
    });
  out.set(`${base}${ns}/${r.resource}/{name}`, item);

  for (const sub of r.subresources ?? []) {
    if (sub !== 'status' && sub !== 'scale') continue;
    const c = sub === 'scale' ? componentForKind('autoscaling', 'v1', 'Scale')! : kindC;
    const sgvk = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
    const sfx = `${suffix}${camel(sub)}`;
    out.set(`${base}${ns}/${r.resource}/{name}/${sub}`, [
      {
        method: 'get',
        action: 'get',
        operationId: `read${sfx}`,
        params: [...itemParams, P.pretty],
        response: c,
        gvk: sgvk,
      },
      {
        method: 'put',
        action: 'put',
        operationId: `replace${sfx}`,
        params: [...itemParams, ...write],
        body: c,
        response: c,
        gvk: sgvk,
      },
      {
        method: 'patch',
        action: 'patch',
        operationId: `patch${sfx}`,
        params: [...itemParams, ...write, P.force],
        body: `${META}.Patch`,
        response: c,
        gvk: sgvk,
      },
    ]);
  }
  return out;
}

function gvPaths(gvPath: string): Map<string, Op[]> {
  const all = new Map<string, Op[]>();
  for (const r of RESOURCES) {
    if (gvPathOf(r) !== gvPath) continue;
    for (const [p, ops] of resourcePaths(r)) all.set(p, ops);
  }
  return all;
}

function gvPathOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

const PATCH_SCHEMA: Schema = {
  type: 'object',
  description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
};

function referenced(ops: Iterable<Op[]>): string[] {
  const names = new Set<string>();
  for (const list of ops)
    for (const op of list)
      for (const n of [op.body, op.response]) if (n && n !== `${META}.Patch`) names.add(n);
  return [...names];
}

// ---------- v3 ----------

function v3Param(p: Param): Schema {
  const o: Schema = {
    name: p.name,
    in: p.in,
    description: p.description,
    schema: { type: p.type, uniqueItems: true },
  };
  if (p.required) o.required = true;
  return o;
}

function v3Op(op: Op): Schema {
  const o: Schema = {
    operationId: op.operationId,
    parameters: op.params.map(v3Param),
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: REF_PREFIX + op.response } } },
      },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
  if (op.action === 'post') o.responses['201'] = o.responses['200'];
  if (op.body) {
    const types = op.method === 'patch' ? PATCH_TYPES : ['application/json', 'application/yaml'];
    o.requestBody = {
      content: Object.fromEntries(types.map((t) => [t, { schema: { $ref: REF_PREFIX + op.body } }])),
      required: op.method !== 'delete',
    };
  }
  return o;
}

const v3Cache = new Map<string, { doc: Schema; hash: string }>();

function v3Entry(gvPath: string): { doc: Schema; hash: string } | undefined {
  const hit = v3Cache.get(gvPath);
  if (hit) return hit;
  const paths = gvPaths(gvPath);
  if (!paths.size) return undefined;
  const doc: Schema = { openapi: '3.0.0', info: INFO, paths: {}, components: { schemas: {} } };
  for (const [p, ops] of paths) doc.paths[p] = Object.fromEntries(ops.map((op) => [op.method, v3Op(op)]));
  doc.components.schemas = { ...closure(referenced(paths.values())), [`${META}.Patch`]: PATCH_SCHEMA };
  // Content hash: clients cache `?hash=` responses forever, so it must change with the content.
  const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
  const entry = { doc, hash };
  v3Cache.set(gvPath, entry);
  return entry;
}

export function gvPathsServed(): string[] {
  return [...new Set(RESOURCES.map(gvPathOf))];
}

export function openapiV3Index(): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of gvPathsServed()) {
    const e = v3Entry(gv);
    if (e) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${e.hash}` };
  }
  return { paths };
}

export function openapiV3Document(gvPath: string): object | undefined {
  return v3Entry(gvPath.replace(/^\/+|\/+$/g, ''))?.doc;
}

/** The content hash of a group-version document (to answer `?hash=` with immutable caching). */
export function openapiV3Hash(gvPath: string): string | undefined {
  return v3Entry(gvPath.replace(/^\/+|\/+$/g, ''))?.hash;
}

// ---------- v2 ----------

/** v3 component schema → swagger 2.0 definition: refs point at #/definitions, allOf-wrapped refs flattened. */
export function toV2Schema(s: Schema): Schema {
  if (Array.isArray(s)) return s.map(toV2Schema);
  if (!s || typeof s !== 'object') return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.$ref = (v as string).replace(REF_PREFIX, '#/definitions/');
    else if (k === 'allOf' && Array.isArray(v) && v.length === 1 && v[0].$ref)
      out.$ref = (v[0].$ref as string).replace(REF_PREFIX, '#/definitions/');
    else if (v && typeof v === 'object') out[k] = toV2Schema(v as Schema);
    else out[k] = v;
  }
  return out;
}

function v2Op(op: Op): Schema {
  const params: Schema[] = op.params.map((p) => {
    const o: Schema = { name: p.name, in: p.in, description: p.description, type: p.type, uniqueItems: true };
    if (p.required) o.required = true;
    return o;
  });
  if (op.body)
    params.unshift({
      name: 'body',
      in: 'body',
      required: op.method !== 'delete',
      schema: { $ref: `#/definitions/${op.body}` },
    });
  return {
    operationId: op.operationId,
    consumes: op.method === 'patch' ? PATCH_TYPES : ['*/*'],
    produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
    schemes: ['https'],
    parameters: params,
    responses: {
      '200': { description: 'OK', schema: { $ref: `#/definitions/${op.response}` } },
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
}

let v2Cache: Schema | undefined;

export function openapiV2Json(): object {
  if (v2Cache) return v2Cache;
  const doc: Schema = { swagger: '2.0', info: INFO, paths: {}, definitions: {} };
  const roots: string[] = [];
  for (const gv of gvPathsServed()) {
    const paths = gvPaths(gv);
    for (const [p, ops] of paths) doc.paths[p] = Object.fromEntries(ops.map((op) => [op.method, v2Op(op)]));
    roots.push(...referenced(paths.values()));
  }
  const defs = closure(roots);
  for (const [n, s] of Object.entries(defs)) doc.definitions[n] = toV2Schema(s);
  doc.definitions[`${META}.Patch`] = PATCH_SCHEMA;
  v2Cache = doc;
  return doc;
}

export { apiVersionOf };
