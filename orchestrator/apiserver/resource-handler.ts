// Verb dispatch for resource paths: get, list, watch, create, update, patch, delete, deletecollection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, methodNotAllowed, StatusError, unsupportedMediaType } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import type { DeleteOptions, FieldValidation, UserInfo, WriteOptions } from '../api/registry/context.js';
import type { PatchType } from '../api/patch/index.js';
import { decodeObject, mediaType, PATCH_TYPES } from './decode.js';
import { readBody, sendJson, wantedTransform } from './http.js';
import { contentTypeFor, renderList, renderObject } from './output.js';
import type { ResourceRoute } from './route.js';
import { serveWatch, type WatchSettings } from './watch.js';
import { handleSubresource } from './subresources.js';
import { queryBool, queryOptionalBool } from './query.js';
import { deleteOptionsFrom, queryDryRun } from './dry-run.js';
import type { ContainerRuntime } from '../runtime/types.js';

export interface HandlerContext {
  registry: Registry;
  watch: WatchSettings;
  /** The container engine, for pod logs (absent when the cluster has no nodes). */
  runtime?: ContainerRuntime;
  /** The authenticated user (requestor of CertificateSigningRequests). */
  user?: UserInfo;
}

function writeOptions(q: URLSearchParams, res: ServerResponse): WriteOptions {
  const dryRun = queryDryRun(q);
  const fv = q.get('fieldValidation');
  if (fv !== null && fv !== '' && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw badRequest(
      `fieldValidation: Unsupported value: ${JSON.stringify(fv)}: supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128)
    throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  const warnings: string[] = [];
  (res as any).kubeWarnings = warnings;
  return {
    dryRun,
    fieldManager,
    fieldValidation: (fv || undefined) as FieldValidation | undefined,
    warnings,
    force: queryOptionalBool(q, 'force') || undefined,
  };
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  let opts: DeleteOptions = {};
  if (body.length && body.toString('utf8').trim()) {
    // JSON, YAML or protobuf (typed clients of kubectl 1.32+ send protobuf bodies).
    opts = deleteOptionsFrom(decodeObject(body, req.headers['content-type']));
  }
  const g = q.get('gracePeriodSeconds');
  if (g !== null) {
    if (!/^-?\d+$/.test(g)) throw badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(g)}`);
    opts.gracePeriodSeconds = Number(g);
  }
  const p = q.get('propagationPolicy');
  if (p) opts.propagationPolicy = p as DeleteOptions['propagationPolicy'];
  if (queryBool(q, 'orphanDependents') && !opts.propagationPolicy) opts.propagationPolicy = 'Orphan';
  if (queryDryRun(q)) opts.dryRun = true;
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw new StatusError(
      422,
      'Invalid',
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(opts.propagationPolicy)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
    );
  }
  if (
    opts.gracePeriodSeconds !== undefined &&
    (typeof opts.gracePeriodSeconds !== 'number' || !Number.isInteger(opts.gracePeriodSeconds))
  ) {
    throw badRequest('gracePeriodSeconds must be an integer');
  }
  return opts;
}

export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  q: URLSearchParams,
  ctx: HandlerContext,
): Promise<void> {
  const { registry } = ctx;
  const { info, namespace, name, subresource } = route;
  const method = req.method ?? 'GET';
  const transform = wantedTransform(req.headers.accept);
  const ns = route.allNamespaces ? undefined : namespace;

  if (info.namespaced && !route.allNamespaces && namespace === '') throw badRequest('namespace is required');
  // status, approval (CSRs) and ephemeralcontainers (pods) are the object itself; the registry
  // narrows what they write.
  if (subresource && !['status', 'approval', 'ephemeralcontainers'].includes(subresource))
    return handleSubresource(req, res, route, q, ctx);
  if (name && route.allNamespaces)
    throw badRequest('a namespace is required for a named namespaced resource');

  if (!name) {
    if (method === 'GET') {
      if (queryBool(q, 'watch')) {
        serveWatch(req, res, registry, info, ns, q, transform, ctx.watch);
        return;
      }
      const limit = q.get('limit');
      if (limit !== null && !/^\d+$/.test(limit))
        throw badRequest(`limit: Invalid value: ${JSON.stringify(limit)}`);
      const list = registry.list(info, ns, {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
        limit: limit ? Number(limit) : undefined,
        continue: q.get('continue') ?? undefined,
        readOnly: true,
      });
      sendJson(res, 200, renderList(info, list.items, list, transform, q), contentTypeFor(transform));
      return;
    }
    if (method === 'POST') {
      const opts = { ...writeOptions(q, res), user: ctx.user };
      const body = decodeObject(await readBody(req), req.headers['content-type']);
      const created = registry.create(info, namespace, body, opts);
      sendJson(res, 201, renderObject(info, created, transform, q), contentTypeFor(transform));
      return;
    }
    if (method === 'DELETE') {
      const opts = await deleteOptions(req, q);
      const items = registry.deleteCollection(
        info,
        ns,
        {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
        },
        opts,
      );
      sendJson(
        res,
        200,
        renderList(info, items, { resourceVersion: String(registry.revision) }, undefined, q),
      );
      return;
    }
    throw methodNotAllowed();
  }

  switch (method) {
    case 'GET': {
      if (queryBool(q, 'watch'))
        throw badRequest('watch on a named object: use fieldSelector=metadata.name=NAME');
      const obj = registry.get(info, namespace, name);
      sendJson(
        res,
        200,
        renderObject(info, obj, subresource ? undefined : transform, q),
        contentTypeFor(subresource ? undefined : transform),
      );
      return;
    }
    case 'PUT': {
      const opts = { ...writeOptions(q, res), user: ctx.user };
      const body = decodeObject(await readBody(req), req.headers['content-type']);
      const updated = registry.update(info, namespace, name, body, opts, subresource);
      sendJson(res, 200, renderObject(info, updated, transform, q), contentTypeFor(transform));
      return;
    }
    case 'PATCH': {
      const opts = { ...writeOptions(q, res), user: ctx.user };
      const type = mediaType(req.headers['content-type']);
      if (!(PATCH_TYPES as readonly string[]).includes(type))
        throw unsupportedMediaType(req.headers['content-type'] ?? '');
      if (type === 'application/apply-patch+yaml' && !opts.fieldManager) {
        throw new StatusError(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          {
            kind: 'PatchOptions',
            group: 'meta.k8s.io',
            causes: [
              {
                reason: 'FieldValueRequired',
                message: 'Required value: is required for apply patch',
                field: 'fieldManager',
              },
            ],
          },
        );
      }
      const body = (await readBody(req)).toString('utf8');
      if (!body.trim()) throw badRequest('the body of the request was empty');
      const { obj, created } = registry.patch(
        info,
        namespace,
        name,
        type as PatchType,
        body,
        opts,
        subresource,
      );
      sendJson(res, created ? 201 : 200, renderObject(info, obj, transform, q), contentTypeFor(transform));
      return;
    }
    case 'DELETE': {
      if (subresource) throw methodNotAllowed();
      const opts = await deleteOptions(req, q);
      const { obj, deleted } = registry.delete(info, namespace, name, opts);
      if (deleted && info.storage !== 'core/pods') {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name, group: info.group || undefined, kind: info.resource, uid: obj.metadata.uid },
        });
      } else {
        // Not gone yet (grace period or finalizers): 202 Accepted, as upstream.
        sendJson(res, deleted ? 200 : 202, obj);
      }
      return;
    }
    default:
      throw methodNotAllowed();
  }
}
