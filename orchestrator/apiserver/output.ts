// Shapes objects and lists for the response: plain JSON, Table, or PartialObjectMetadata.
import { toTable } from '../api/tables/index.js';
import { apiVersionOf } from '../api/resources.js';
import type { KubeObject, ResourceInfo } from '../api/types.js';
import { badRequest } from '../api/errors.js';

export type Transform = { as: string; version: string } | undefined;

export function includeObjectParam(q: URLSearchParams): 'None' | 'Metadata' | 'Object' | undefined {
  const v = q.get('includeObject');
  if (v === null || v === '') return undefined;
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(
    `includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "Metadata", "None", "Object"`,
  );
}

export function contentTypeFor(t: Transform): string {
  return t ? `application/json;as=${t.as};v=${t.version};g=meta.k8s.io` : 'application/json';
}

function partialMeta(obj: KubeObject, version: string): object {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export function renderObject(
  info: ResourceInfo,
  obj: KubeObject,
  t: Transform,
  q: URLSearchParams,
  rv?: string,
): object {
  if (!t) return obj;
  if (t.as === 'Table') {
    const table = toTable(info, [obj], { includeObject: includeObjectParam(q) });
    return {
      ...table,
      apiVersion: `meta.k8s.io/${t.version}`,
      metadata: { resourceVersion: rv ?? obj.metadata.resourceVersion },
    };
  }
  if (t.as === 'PartialObjectMetadata') return partialMeta(obj, t.version);
  return obj;
}

export function renderList(
  info: ResourceInfo,
  items: KubeObject[],
  meta: { resourceVersion: string; continue?: string; remainingItemCount?: number },
  t: Transform,
  q: URLSearchParams,
): object {
  const listMeta: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) listMeta.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) listMeta.remainingItemCount = meta.remainingItemCount;
  if (t?.as === 'Table') {
    const table = toTable(info, items, { includeObject: includeObjectParam(q) });
    return { ...table, apiVersion: `meta.k8s.io/${t.version}`, metadata: listMeta };
  }
  if (t?.as === 'PartialObjectMetadataList') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${t.version}`,
      metadata: listMeta,
      items: items.map((o) => partialMeta(o, t.version)),
    };
  }
  return { kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata: listMeta, items };
}
