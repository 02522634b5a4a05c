// PATCH semantics for every patch type the apiserver accepts, plus managedFields bookkeeping.
//
// Contract with the server: applyPatch returns a NEW object. For the JSON, merge and strategic
// patch types it does not touch managedFields (beyond what the patch itself wrote): call
// updateManagedFields(info, current, patched, manager, 'Update', subresource) afterwards, as for
// create and update. For apply-patch+yaml it records the Apply ownership itself; do NOT call
// updateManagedFields for that request.
import { badRequest } from '../errors.js';
import type { KubeObject, ResourceInfo } from '../types.js';
import { serverSideApply } from './apply.js';
import { applyJsonPatch } from './json-patch.js';
import { schemaForKind } from './merge-keys.js';
import { applyMergePatch } from './merge-patch.js';
import { strategicMerge } from './strategic.js';
import { clone, goJsonKind, invalidPatchResult, isObject, parseJson } from './util.js';

export { createFromApply, serverSideApply, LAST_APPLIED } from './apply.js';
export { updateManagedFields, decodeManagedFields, encodeManagedFields } from './managed-fields.js';
export { listFactsAt, schemaForKind } from './merge-keys.js';

export type PatchType =
  | 'application/json-patch+json'
  | 'application/merge-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/apply-patch+yaml';

export const PATCH_TYPES: PatchType[] = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

export function isPatchType(contentType: string): contentType is PatchType {
  return (PATCH_TYPES as string[]).includes(contentType);
}

export function applyPatch(
  info: ResourceInfo,
  current: KubeObject,
  patchType: PatchType,
  body: string,
  opts: { fieldManager?: string; force?: boolean; now?: Date } = {},
): KubeObject {
  const name = current.metadata?.name ?? '';
  const namespace = current.metadata?.namespace;
  if (patchType === 'application/apply-patch+yaml') {
    return serverSideApply(info, current, body, name, namespace, opts);
  }
  let result: unknown;
  switch (patchType) {
    case 'application/json-patch+json':
      result = applyJsonPatch(current, body);
      break;
    case 'application/merge-patch+json':
      result = applyMergePatch(current, body);
      break;
    case 'application/strategic-merge-patch+json': {
      const patch = parseJson(body);
      if (!isObject(patch)) {
        throw badRequest(
          `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`,
        );
      }
      result = strategicMerge(current, patch, schemaForKind(info.kind));
      // Upstream converts the merged map into the endpoint's typed object, whose conversion drops
      // kind/apiVersion: a body naming another kind (Ansible's k8s_scale sends the parent's kind
      // to /scale) is applied, not refused. JSON and merge patches decode by the document's kind.
      if (isObject(result)) {
        result.kind = current.kind;
        result.apiVersion = current.apiVersion;
      }
      break;
    }
    default:
      throw new Error(`unknown Content-Type header for patch: ${String(patchType)}`);
  }
  return checkResult(current, clone(result), name, namespace);
}

/** The patched document must still be the same kind of object with the same identity. */
function checkResult(
  current: KubeObject,
  result: unknown,
  name: string,
  namespace: string | undefined,
): KubeObject {
  if (!isObject(result)) {
    throw invalidPatchResult(
      JSON.stringify(result),
      `json: cannot unmarshal ${goJsonKind(result)} into Go value of type ${current.kind ?? 'object'}`,
    );
  }
  if (result.kind !== current.kind || result.apiVersion !== current.apiVersion) {
    throw invalidPatchResult(
      JSON.stringify(result),
      `Object kind/apiVersion may not be changed by a patch: expected "${current.apiVersion}, Kind=${current.kind}", got "${String(result.apiVersion)}, Kind=${String(result.kind)}"`,
    );
  }
  if (!isObject(result.metadata)) result.metadata = {};
  const meta = result.metadata as KubeObject['metadata'];
  if ((meta.name ?? '') !== name) {
    throw badRequest(
      `the name of the object (${meta.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
  if (namespace !== undefined && meta.namespace !== undefined && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return result as KubeObject;
}
