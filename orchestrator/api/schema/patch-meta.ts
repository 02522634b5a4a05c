// Strategic-merge patch metadata (x-kubernetes-patch-strategy / -merge-key) for schema properties.
// kubectl apply and diff compute patches from the served OpenAPI when it knows the GVK, so the
// schemas must carry the same metadata as upstream's. Source: resources/proto/patch-meta.json,
// the Go struct tags found in kubectl, keyed by proto field number and name.
import protobuf from 'protobufjs';
import { readProtoResource } from '../protobuf/descriptors.js';

interface Variant {
  strategy: string;
  key?: string;
}

let table: Record<string, Variant[]> | undefined;

/** The patch extensions for a proto field, or undefined when it has none (or it is ambiguous). */
export function patchExtensions(field: protobuf.Field): Record<string, string> | undefined {
  table ??= readProtoResource('patch-meta.json') as Record<string, Variant[]>;
  const variants = table[`${field.id},${field.name}`];
  if (!variants) return undefined;
  const withStrategy = variants.filter((v) => v.strategy);
  const ambiguous = variants.length > 1;
  field.resolve();
  const elem = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
  // Shared field numbers/names across messages: keep a variant only when its merge key is a
  // field of this list's element type (e.g. ServiceSpec.ports by port, not DeploymentList.items by type).
  // Lists of whole objects (…List.items) never merge.
  const isObject = !!elem?.fields.metadata;
  const fit = ambiguous
    ? withStrategy.filter((v) => v.key && field.repeated && !isObject && !!elem?.fields[v.key])
    : withStrategy;
  if (fit.length !== 1) return undefined;
  const out: Record<string, string> = { 'x-kubernetes-patch-strategy': fit[0].strategy };
  if (fit[0].key) out['x-kubernetes-patch-merge-key'] = fit[0].key;
  return out;
}
