// Field sets as structured-merge-diff models them, with the FieldsV1 wire encoding used in
// metadata.managedFields: path elements "f:<field>", "k:{<list-map keys>}", "v:<set value>",
// "i:<index>", and "." marking that a node itself (not only its children) is in the set.
import { childSchema, isMapEntry, KEY_DEFAULTS, type SchemaNode } from './merge-keys.js';
import { deepEqual, isObject, type JsonObject } from './util.js';

export type PathElement = string;
export type Path = PathElement[];

export class FieldSet {
  self = false;
  readonly children = new Map<PathElement, FieldSet>();

  isEmpty(): boolean {
    return !this.self && this.children.size === 0;
  }

  insert(path: Path): void {
    let node = this as FieldSet;
    for (const el of path) {
      let next = node.children.get(el);
      if (!next) node.children.set(el, (next = new FieldSet()));
      node = next;
    }
    node.self = true;
  }

  has(path: Path): boolean {
    const n = this.node(path);
    return !!n && n.self;
  }

  /** True when the path or anything below it is in the set. */
  hasPrefix(path: Path): boolean {
    const n = this.node(path);
    return !!n && !n.isEmpty();
  }

  private node(path: Path): FieldSet | undefined {
    let node = this as FieldSet | undefined;
    for (const el of path) {
      node = node!.children.get(el);
      if (!node) return undefined;
    }
    return node;
  }

  /** Every member path, parents before children. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.self ? [prefix] : [];
    for (const [el, child] of this.children) out.push(...child.paths([...prefix, el]));
    return out;
  }

  clone(): FieldSet {
    const c = new FieldSet();
    for (const p of this.paths()) c.insert(p);
    return c;
  }

  union(other: FieldSet): FieldSet {
    const c = this.clone();
    for (const p of other.paths()) c.insert(p);
    return c;
  }

  /** Members of this set that are not members of `other` (exact paths, like fieldpath.Set.Difference). */
  difference(other: FieldSet): FieldSet {
    const c = new FieldSet();
    for (const p of this.paths()) if (!other.has(p)) c.insert(p);
    return c;
  }

  intersection(other: FieldSet): FieldSet {
    const c = new FieldSet();
    for (const p of this.paths()) if (other.has(p)) c.insert(p);
    return c;
  }

  /** Removes a path and everything under it. */
  removeSubtree(path: Path): FieldSet {
    const c = new FieldSet();
    for (const p of this.paths()) if (!startsWith(p, path)) c.insert(p);
    return c;
  }
}

export function startsWith(p: Path, prefix: Path): boolean {
  return prefix.length <= p.length && prefix.every((el, i) => p[i] === el);
}

// ---- FieldsV1 encoding ----

export function toFieldsV1(set: FieldSet): JsonObject {
  const out: JsonObject = {};
  if (set.self && set.children.size > 0) out['.'] = {};
  for (const [el, child] of set.children) out[el] = toFieldsV1(child);
  return out;
}

export function fromFieldsV1(v: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (node: unknown, path: Path) => {
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) set.insert(path);
    for (const k of keys) {
      if (k === '.') set.insert(path);
      else walk(node[k], [...path, k]);
    }
  };
  walk(v, []);
  return set;
}

// ---- path elements ----

export function fieldEl(name: string): PathElement {
  return `f:${name}`;
}

/** Renders a path like structured-merge-diff: .spec.containers[name="web"].image, [=v], [0]. */
export function pathString(path: Path): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      switch (el[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const keys = JSON.parse(body) as JsonObject;
          return `[${Object.keys(keys)
            .map((k) => `${k}=${JSON.stringify(keys[k])}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

type Kind = 'scalar' | 'atomic' | 'map' | 'maplist' | 'setlist';

function kindOf(v: unknown, schema: SchemaNode | undefined): Kind {
  if (Array.isArray(v)) {
    if (schema?.list?.ssa === 'map') return 'maplist';
    if (schema?.list?.ssa === 'set') return 'setlist';
    return 'atomic';
  }
  if (isObject(v)) return schema?.atomic ? 'atomic' : 'map';
  return 'scalar';
}

/** The path element naming a list item: k:{…} for list-maps, v:… for sets, i:N otherwise. */
export function itemEl(item: unknown, index: number, schema: SchemaNode | undefined): PathElement {
  const facts = schema?.list;
  if (facts?.ssa === 'set') return `v:${JSON.stringify(item)}`;
  if (facts?.ssa === 'map' && facts.keys && isObject(item)) {
    const key: JsonObject = {};
    for (const k of [...facts.keys].sort()) {
      const v = item[k] ?? KEY_DEFAULTS[k];
      if (v === undefined) return `i:${index}`;
      key[k] = v;
    }
    return `k:${JSON.stringify(key)}`;
  }
  return `i:${index}`;
}

function itemsByEl(list: unknown, schema: SchemaNode | undefined): Map<PathElement, unknown> {
  const m = new Map<PathElement, unknown>();
  if (Array.isArray(list)) list.forEach((item, i) => m.set(itemEl(item, i, schema), item));
  return m;
}

/** The set of fields present in `obj` (structured-merge-diff's ToFieldSet). */
export function toFieldSet(obj: unknown, schema: SchemaNode | undefined): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, s: SchemaNode | undefined, path: Path) => {
    switch (kindOf(v, s)) {
      case 'scalar':
      case 'atomic':
        if (path.length) set.insert(path);
        return;
      case 'setlist':
      case 'maplist':
        for (const [el, item] of itemsByEl(v, s)) {
          walk(item, s?.items, [...path, el]);
          set.insert([...path, el]);
        }
        return;
      case 'map':
        for (const [k, x] of Object.entries(v as JsonObject)) {
          if (x === undefined) continue;
          const p = [...path, fieldEl(k)];
          const cs = childSchema(s, k);
          walk(x, cs, p);
          if (x === null || (isObject(x) && Object.keys(x).length === 0) || isMapEntry(s, k)) set.insert(p);
        }
    }
  };
  walk(obj, schema, []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Fields added, modified and removed going from `lhs` to `rhs` (structured-merge-diff's Compare). */
export function compare(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const isEmptyMap = (v: unknown) => v === undefined || (isObject(v) && Object.keys(v).length === 0);
  const leaf = (l: unknown, r: unknown, path: Path) => {
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };
  const walk = (l: unknown, r: unknown, s: SchemaNode | undefined, path: Path) => {
    if (l === undefined && r === undefined) return;
    const lk = l === undefined ? undefined : kindOf(l, s);
    const rk = r === undefined ? undefined : kindOf(r, s);
    const k = lk ?? rk;
    if ((lk && rk && lk !== rk) || k === 'scalar' || k === 'atomic') return leaf(l, r, path);
    if (k === 'map' && isEmptyMap(l) && isEmptyMap(r)) {
      if (!s?.embedded) leaf(l, r, path);
      return;
    }
    if (k === 'map') {
      const lo = (l ?? {}) as JsonObject;
      const ro = (r ?? {}) as JsonObject;
      for (const key of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
        walk(lo[key], ro[key], childSchema(s, key), [...path, fieldEl(key)]);
      }
    } else {
      const li = itemsByEl(l, s);
      const ri = itemsByEl(r, s);
      for (const el of new Set([...li.keys(), ...ri.keys()])) {
        const p = [...path, el];
        if (k === 'setlist') leaf(li.get(el), ri.get(el), p);
        else walk(li.get(el), ri.get(el), s?.items, p);
      }
    }
    if (path.length === 0 || s?.embedded) return;
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
  };
  walk(lhs, rhs, schema, []);
  return out;
}

// ---- navigating objects by path ----

/** The value at `path` in `obj`, or undefined. */
export function getAt(obj: unknown, path: Path, schema: SchemaNode | undefined): unknown {
  let cur = obj;
  let s = schema;
  for (const el of path) {
    if (el.startsWith('f:')) {
      if (!isObject(cur)) return undefined;
      const name = el.slice(2);
      cur = cur[name];
      s = childSchema(s, name);
    } else {
      if (!Array.isArray(cur)) return undefined;
      cur = itemsByEl(cur, s).get(el);
      s = s?.items;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes the field or list item at `path` from `obj` (in place). */
export function removeAt(obj: unknown, path: Path, schema: SchemaNode | undefined): void {
  if (path.length === 0) return;
  const parentPath = path.slice(0, -1);
  let parentSchema = schema;
  for (const el of parentPath)
    parentSchema = el.startsWith('f:') ? childSchema(parentSchema, el.slice(2)) : parentSchema?.items;
  const parent = getAt(obj, parentPath, schema);
  const last = path[path.length - 1];
  if (last.startsWith('f:') && isObject(parent)) {
    delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const idx = parent.findIndex((item, i) => itemEl(item, i, parentSchema) === last);
    if (idx >= 0) parent.splice(idx, 1);
  }
}
