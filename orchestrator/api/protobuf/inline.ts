// Inline (embedded) members of the proto messages. Go structs embed some types with
// `json:",inline"` (Volume.VolumeSource, Probe.ProbeHandler, EphemeralContainer.EphemeralContainerCommon,
// ConfigMapKeySelector.LocalObjectReference, …): protobuf carries them as an ordinary nested field,
// JSON flattens their members into the parent. The descriptors cannot tell, so this derives it from
// the JSON schema: a message field whose name is no property of the parent's schema, while every
// member of its type is, is inline.
import protobuf from 'protobufjs';
import { components } from '../schema/build.js';

const cache = new Map<string, ReadonlySet<string>>();

/** Component schema name of a proto message ('.k8s.io.api.core.v1.Volume' → 'io.k8s.api.core.v1.Volume'). */
function componentName(fullName: string): string {
  return fullName.replace(/^\./, '').replace(/^k8s\.io\./, 'io.k8s.');
}

/** JSON member names a message contributes to its parent (its own inline members flattened). */
function jsonMembers(type: protobuf.Type, seen: Set<string>): string[] {
  if (seen.has(type.fullName)) return [];
  seen.add(type.fullName);
  const inl = inlineFields(type);
  return type.fieldsArray.flatMap((f) => {
    if (!inl.has(f.name)) return [f.name];
    f.resolve();
    return f.resolvedType instanceof protobuf.Type ? jsonMembers(f.resolvedType, seen) : [];
  });
}

/** Names of the fields of `type` whose members are flattened into the parent's JSON. */
export function inlineFields(type: protobuf.Type): ReadonlySet<string> {
  const hit = cache.get(type.fullName);
  if (hit) return hit;
  const out = new Set<string>();
  cache.set(type.fullName, out); // before recursing: message types can be recursive
  const props = components().schemas[componentName(type.fullName)]?.properties as
    Record<string, unknown> | undefined;
  if (props) {
    for (const f of type.fieldsArray) {
      if (f.repeated || f.map || f.name in props) continue;
      f.resolve();
      const sub = f.resolvedType;
      if (!(sub instanceof protobuf.Type) || !sub.fieldsArray.length) continue;
      const members = jsonMembers(sub, new Set([type.fullName]));
      if (members.length && members.every((m) => m in props)) out.add(f.name);
    }
  }
  return out;
}

/**
 * Go named slices (`type ExtraValue []string`) travel as a message with one repeated `items` field
 * but are plain arrays in JSON. Told apart from real objects with only `items` (DownwardAPIProjection)
 * by the schema, which knows the latter as an object type.
 */
export function isListWrapper(type: protobuf.Type): boolean {
  const f = type.fieldsArray;
  return (
    f.length === 1 &&
    f[0].name === 'items' &&
    f[0].repeated &&
    !components().schemas[componentName(type.fullName)]
  );
}
