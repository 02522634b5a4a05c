// Subresources other than status: scale, binding, eviction, and the pod streaming endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, conflict, methodNotAllowed, StatusError, unsupportedMediaType } from '../api/errors.js';
import type { PatchType } from '../api/patch/index.js';
import { applyPatch } from '../api/patch/index.js';
import { formatLabelSelector } from '../api/selectors.js';
import type { KubeObject } from '../api/types.js';
import { decodeObject, mediaType, PATCH_TYPES } from './decode.js';
import { readBody, sendJson } from './http.js';
import type { HandlerContext } from './resource-handler.js';
import type { ResourceRoute } from './route.js';
import { findResource } from '../api/resources.js';
import { bindPod } from '../scheduler/bind.js';
import { servePodLogs } from './pod-logs.js';
import { allContainerNames } from './pod-containers.js';
import { evictionDeleteOptions, queryDryRun } from './dry-run.js';

const SCALE_INFO = findResource('autoscaling', 'v1', 'horizontalpodautoscalers')!;

/** autoscaling/v1 Scale view of a Deployment, ReplicaSet or ReplicationController. */
function toScale(obj: KubeObject): KubeObject {
  const raw = obj.spec?.selector;
  // A ReplicationController's selector is a plain label map.
  const sel = obj.kind === 'ReplicationController' && raw ? { matchLabels: raw } : raw;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: sel ? formatLabelSelector(sel).replace(/^<none>$/, '') : '',
    },
  };
}

/** A full Scale body is decoded as the kind it names, as upstream's update handler does. */
function checkScaleTypeMeta(scale: KubeObject): void {
  if (scale.apiVersion !== undefined && scale.apiVersion !== 'autoscaling/v1')
    throw badRequest(
      `the API version in the data (${String(scale.apiVersion)}) does not match the expected API version (autoscaling/v1)`,
    );
  if (scale.kind !== undefined && scale.kind !== 'Scale')
    throw badRequest(`the kind in the data (${String(scale.kind)}) does not match the expected kind (Scale)`);
}

function success(res: ServerResponse, code = 201): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });
}

export async function handleSubresource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  q: URLSearchParams,
  ctx: HandlerContext,
): Promise<void> {
  const { registry } = ctx;
  const { info, namespace, name, subresource } = route;
  if (!name) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
  const method = req.method ?? 'GET';
  const dryRun = queryDryRun(q);

  if (subresource === 'scale') {
    const current = registry.get(info, namespace, name);
    if (method === 'GET') return sendJson(res, 200, toScale(current));
    let scale: KubeObject;
    if (method === 'PUT') {
      scale = decodeObject(await readBody(req), req.headers['content-type']);
      checkScaleTypeMeta(scale);
    } else if (method === 'PATCH') {
      const type = mediaType(req.headers['content-type']);
      if (!(PATCH_TYPES as readonly string[]).includes(type) || type === 'application/apply-patch+yaml') {
        throw unsupportedMediaType(req.headers['content-type'] ?? '');
      }
      scale = applyPatch(
        SCALE_INFO,
        toScale(current),
        type as PatchType,
        (await readBody(req)).toString('utf8'),
      );
    } else throw methodNotAllowed();
    const replicas = scale.spec?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new StatusError(
        422,
        'Invalid',
        `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        {
          name,
          group: 'autoscaling',
          kind: 'Scale',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
              field: 'spec.replicas',
            },
          ],
        },
      );
    }
    const rv = scale.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(info, name);
    const next = { ...current, spec: { ...current.spec, replicas } };
    const updated = registry.update(info, namespace, name, next, {
      dryRun,
      fieldManager: q.get('fieldManager') ?? undefined,
    });
    return sendJson(res, 200, toScale(updated));
  }

  if (info.storage !== 'core/pods') throw methodNotAllowed();

  if (subresource === 'binding') {
    if (method !== 'POST') throw methodNotAllowed();
    const binding = decodeObject(await readBody(req), req.headers['content-type']);
    const target = binding.target;
    if (!target?.name) throw badRequest('a binding must name a target node (target.name)');
    bindPod(registry, namespace, name, target.name, {
      uid: binding.metadata?.uid,
      annotations: binding.metadata?.annotations,
      dryRun,
    });
    return success(res);
  }

  if (subresource === 'eviction') {
    if (method !== 'POST') throw methodNotAllowed();
    const ev = decodeObject(await readBody(req), req.headers['content-type']);
    if (ev.metadata?.name && ev.metadata.name !== name)
      throw badRequest(`name in URL does not match name in Eviction object: ${ev.metadata.name}`);
    // dryRun may come in the body (kubectl drain --dry-run=server) or the query.
    registry.delete(info, namespace, name, evictionDeleteOptions(ev, q));
    return success(res);
  }

  if (['log', 'exec', 'attach', 'portforward'].includes(subresource!)) {
    const pod = registry.get(info, namespace, name);
    const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    const wanted = q.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
    if (subresource !== 'portforward' && !wanted) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
      );
    }
    if (wanted && subresource !== 'portforward' && !allContainerNames(pod).includes(wanted)) {
      throw badRequest(`container ${wanted} is not valid for pod ${name}`);
    }
    if (subresource === 'log' && method === 'GET')
      return servePodLogs(req, res, pod, wanted!, q, ctx.runtime);
    // exec, attach and port-forward are connection upgrades (streaming/upgrade.ts); a plain
    // request gets upstream's answer.
    throw badRequest('Upgrade request required');
  }
  throw methodNotAllowed();
}
