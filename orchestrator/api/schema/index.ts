// Public API of the schema module: OpenAPI documents for kubectl, strict unknown-field
// detection and per-kind schemas, all derived from @kubernetes/client-node's generated models.
import type { ResourceInfo } from '../types.js';
import { closure, componentForKind, REF_PREFIX } from './build.js';
import { unknownFieldsFor } from './unknown-fields.js';
import { typeMismatchesFor, type TypeMismatch } from './type-errors.js';

export type { Expected, TypeMismatch } from './type-errors.js';

export { openapiV3Index, openapiV3Document, openapiV3Hash, openapiV2Json } from './openapi.js';
export {
  openapiV2Protobuf,
  decodeOpenapiV2Protobuf,
  OPENAPI_V2_PROTOBUF_CONTENT_TYPE,
} from './openapi-v2-proto.js';

/**
 * Upstream strict decoding: paths like 'spec.foo' or 'spec.template.spec.containers[0].imagee'.
 * Callers report each as `unknown field "<path>"`.
 */
export function findUnknownFields(
  info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>,
  obj: unknown,
): string[] {
  const name = componentForKind(info.group, info.version, info.kind);
  return name ? unknownFieldsFor(name, obj) : [];
}

/** Values whose JSON type does not fit the kind's schema (replicas: "three"), first `max` in document order. */
export function findTypeMismatches(
  info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>,
  obj: unknown,
  max = 1,
): TypeMismatch[] {
  const name = componentForKind(info.group, info.version, info.kind);
  return name ? typeMismatchesFor(name, obj, max) : [];
}

/**
 * The schema of a kind as a self-contained document:
 * `{ $ref: '#/components/schemas/<name>', components: { schemas } }` with every referenced component.
 */
export function schemaForKind(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): object | undefined {
  const name = componentForKind(info.group, info.version, info.kind);
  if (!name) return undefined;
  return { $ref: REF_PREFIX + name, components: { schemas: closure([name]) } };
}
