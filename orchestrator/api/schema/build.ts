// Builds OpenAPI v3 component schemas for our kinds from the client-node models, named like
// upstream. Names come from the proto descriptors extracted from kubectl: walking the model and
// the proto message side by side tells which package each nested type lives in.
import type protobuf from 'protobufjs';
import { RESOURCES } from '../resources.js';
import { k8sRoot, lookupType, protoPackage } from '../protobuf/descriptors.js';
import { patchExtensions } from './patch-meta.js';
import { loadModel, type ModelAttr } from './models.js';

export type Schema = Record<string, any>;
export interface GVK {
  group: string;
  version: string;
  kind: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const REF_PREFIX = '#/components/schemas/';

/** Wrapper types that serialize as scalars or free-form JSON (upstream gives them their own components). */
const SPECIAL: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    type: 'string',
    format: 'int-or-string',
    description: 'IntOrString is a type that can hold an int32 or a string.',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    type: 'string',
    description:
      'Quantity is a fixed-point representation of a number, serialized as a string like "100m", "1Gi" or "2".',
  },
  [`${META}.Time`]: {
    type: 'string',
    format: 'date-time',
    description: 'Time is an RFC 3339 timestamp with second precision.',
  },
  [`${META}.MicroTime`]: {
    type: 'string',
    format: 'date-time',
    description: 'MicroTime is version of Time with microsecond level precision.',
  },
  [`${META}.FieldsV1`]: {
    type: 'object',
    description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.',
  },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {
    type: 'object',
    description: 'RawExtension holds an arbitrary embedded object.',
  },
};

function protoToComponent(fullName: string): string {
  return fullName.replace(/^\./, '').replace(/^k8s\.io\./, 'io.k8s.');
}

let built: { schemas: Record<string, Schema>; kinds: Map<string, string> } | undefined;
let byMessageName: Map<string, string[]> | undefined;

/** message simple name → full proto names (for types the proto side cannot point at). */
function messageIndex(): Map<string, string[]> {
  if (byMessageName) return byMessageName;
  const idx = new Map<string, string[]>();
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const child of ns.nestedArray) {
      if ('fields' in child) {
        const list = idx.get(child.name) ?? [];
        list.push((child as protobuf.Type).fullName);
        idx.set(child.name, list);
      }
      if ('nestedArray' in child) walk(child as protobuf.NamespaceBase);
    }
  };
  walk(k8sRoot());
  return (byMessageName = idx);
}

/** 'CoreV1EndpointPort' → {groupHint:'core', version:'v1', name:'EndpointPort'}. */
function splitClass(cls: string): { groupHint?: string; version: string; name: string } | undefined {
  const m = /^([A-Z][a-z]+)?V(\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(cls);
  if (!m) return undefined;
  return { groupHint: m[1]?.toLowerCase(), version: `v${m[2]}`, name: m[3] };
}

/** Best proto full name for a model class when the parent's proto field gives no type. */
function guessProto(cls: string, parentPkg?: string): string | undefined {
  const s = splitClass(cls);
  if (!s) return undefined;
  const cands = (messageIndex().get(s.name) ?? []).filter((n) => n.endsWith(`.${s.version}.${s.name}`));
  const prefer = [
    parentPkg,
    s.groupHint ? `.k8s.io.api.${s.groupHint}.${s.version}` : undefined,
    `.k8s.io.api.core.${s.version}`,
    `.k8s.io.apimachinery.pkg.apis.meta.${s.version}`,
  ];
  for (const p of prefer) {
    const hit = p && cands.find((c) => c === `${p}.${s.name}`);
    if (hit) return hit;
  }
  return cands[0];
}

class Builder {
  schemas: Record<string, Schema> = {};

  /** Adds the component for a model class (and everything it references); returns its name. */
  visit(cls: string, protoName?: string, parentPkg?: string): string | undefined {
    const model = loadModel(cls);
    if (!model) return undefined;
    const proto = protoName ?? guessProto(cls, parentPkg);
    const pkg = proto ? proto.slice(0, proto.lastIndexOf('.')) : parentPkg;
    const name = proto
      ? protoToComponent(proto)
      : `${protoToComponent(pkg ?? '.k8s.io.api.core.v1')}.${splitClass(cls)?.name ?? cls}`;
    if (this.schemas[name]) return name;
    const schema: Schema = { type: 'object' };
    if (model.description) schema.description = model.description;
    this.schemas[name] = schema; // placeholder first: types can be recursive
    const msg = proto ? lookupType(proto) : undefined;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const a of model.attrs) {
      const field = msg?.fields[a.name];
      properties[a.name] = this.prop(a, field, pkg);
      if (a.required) required.push(a.name);
    }
    schema.properties = properties;
    if (required.length) schema.required = required;
    return name;
  }

  private prop(a: ModelAttr, field: protobuf.Field | undefined, pkg?: string): Schema {
    field?.resolve();
    const protoType = field?.resolvedType ? field.resolvedType.fullName : undefined;
    let s = this.typeSchema(a.type, a.format, protoType, pkg);
    const ext = field ? patchExtensions(field) : undefined;
    if (s.$ref && (a.description || ext)) s = { allOf: [s] };
    if (a.description) s = { ...s, description: a.description };
    return ext ? { ...s, ...ext } : s;
  }

  private ref(name: string): Schema {
    if (SPECIAL[name] && !this.schemas[name]) this.schemas[name] = SPECIAL[name];
    return { $ref: REF_PREFIX + name };
  }

  typeSchema(t: string, format: string, protoType: string | undefined, pkg?: string): Schema {
    const arr = /^Array<(.+)>$/.exec(t);
    if (arr) return { type: 'array', items: this.typeSchema(arr[1], format, protoType, pkg) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
    if (map) return { type: 'object', additionalProperties: this.typeSchema(map[1], format, protoType, pkg) };
    // Leaf: the proto type names wrapper types client-node flattens (Quantity is just 'string' there).
    const special = protoType ? protoToComponent(protoType) : undefined;
    if (special && SPECIAL[special]) return this.ref(special);
    switch (t) {
      case 'string':
        return format && format !== 'date-time' ? { type: 'string', format } : { type: 'string' };
      case 'number':
        return format === 'double'
          ? { type: 'number', format }
          : { type: 'integer', format: format || 'int64' };
      case 'boolean':
        return { type: 'boolean' };
      case 'Date':
        return this.ref(format === 'date-time-micro' ? `${META}.MicroTime` : `${META}.Time`);
      case 'V1MicroTime':
        return this.ref(`${META}.MicroTime`);
      case 'IntOrString':
        return this.ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
      case 'any':
      case 'object':
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    const name = this.visit(t, protoType, pkg);
    return name
      ? { $ref: REF_PREFIX + name }
      : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
}

/** client-node class for a kind: CoreV1Event / EventsV1Event first, then V1Deployment, V2HorizontalPodAutoscaler. */
function classFor(group: string, version: string, kind: string): string | undefined {
  const v = version[0].toUpperCase() + version.slice(1);
  const g = (group.split('.')[0] || 'core').replace(/^./, (c) => c.toUpperCase());
  return [`${g}${v}${kind}`, `${v}${kind}`].find((c) => loadModel(c));
}

function addGVK(s: Schema | undefined, gvk: GVK): void {
  if (!s) return;
  const list: GVK[] = (s['x-kubernetes-group-version-kind'] ??= []);
  if (!list.some((x) => x.group === gvk.group && x.version === gvk.version && x.kind === gvk.kind))
    list.push(gvk);
}

/** All component schemas, plus kind key 'group/version/Kind' → component name. Built once. */
export function components(): { schemas: Record<string, Schema>; kinds: Map<string, string> } {
  if (built) return built;
  const b = new Builder();
  const kinds = new Map<string, string>();
  const add = (group: string, version: string, kind: string, protoPkgName?: string) => {
    const cls = classFor(group, version, kind);
    if (!cls) return;
    const proto = `.${protoPkgName ?? protoPackage(group, version)}.${kind}`;
    const name = b.visit(cls, lookupType(proto) ? proto : undefined, `.${protoPackage(group, version)}`);
    if (!name) return;
    addGVK(b.schemas[name], { group, version, kind });
    kinds.set(`${group}/${version}/${kind}`, name);
  };
  for (const r of RESOURCES) {
    add(r.group, r.version, r.kind);
    add(r.group, r.version, `${r.kind}List`);
  }
  add('autoscaling', 'v1', 'Scale');
  add('', 'v1', 'Status', 'k8s.io.apimachinery.pkg.apis.meta.v1');
  // meta/v1 kinds that every group version serves.
  const gvs = new Set(RESOURCES.map((r) => `${r.group}/${r.version}`));
  for (const gv of gvs) {
    const [group, version] = gv.split('/');
    for (const kind of ['DeleteOptions', 'WatchEvent'])
      add(group, version, kind, 'k8s.io.apimachinery.pkg.apis.meta.v1');
  }
  built = { schemas: b.schemas, kinds };
  return built;
}

export function componentForKind(group: string, version: string, kind: string): string | undefined {
  return components().kinds.get(`${group}/${version}/${kind}`);
}

/** Every component reachable from the given roots (for per-group-version documents). */
export function closure(roots: string[]): Record<string, Schema> {
  const all = components().schemas;
  const out: Record<string, Schema> = {};
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop()!;
    if (out[n] || !all[n]) continue;
    out[n] = all[n];
    JSON.stringify(all[n], (k, v) => {
      if (k === '$ref' && typeof v === 'string') stack.push(v.slice(REF_PREFIX.length));
      return v;
    });
  }
  return out;
}
