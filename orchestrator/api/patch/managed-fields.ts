// metadata.managedFields bookkeeping (k8s.io/apimachinery/pkg/util/managedfields semantics):
// decoding/encoding entries, the fields the apiserver never tracks, and the 'Update' operation.
import type { KubeObject, ResourceInfo } from '../types.js';
import {
  compare,
  fieldEl,
  FieldSet,
  fromFieldsV1,
  startsWith,
  toFieldSet,
  toFieldsV1,
  type Path,
} from './fieldset.js';
import { schemaForKind } from './merge-keys.js';
import { deepEqual, isObject } from './util.js';

export type Operation = 'Update' | 'Apply';

export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Metadata the apiserver strips from every field set (upstream's stripMeta manager). */
const STRIPPED: Path[] = [
  [fieldEl('apiVersion')],
  [fieldEl('kind')],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f) => [fieldEl('metadata'), fieldEl(f)]),
];

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Same manager identity upstream uses: Apply entries ignore apiVersion, Update entries include it. */
function sameIdentity(a: Omit<Manager, 'set'>, b: Omit<Manager, 'set'>): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

export function findManager(list: Manager[], id: Omit<Manager, 'set'>): Manager | undefined {
  return list.find((m) => sameIdentity(m, id));
}

export function decodeManagedFields(raw: unknown): Manager[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((e) => ({
    manager: typeof e.manager === 'string' ? e.manager : '',
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
    time: typeof e.time === 'string' ? e.time : undefined,
    subresource: typeof e.subresource === 'string' && e.subresource ? e.subresource : undefined,
    set: fromFieldsV1(e.fieldsV1),
  }));
}

/** Encodes managers sorted like upstream (Apply before Update, then time, manager, apiVersion, subresource). */
export function encodeManagedFields(list: Manager[]): any[] {
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  return list
    .filter((m) => !m.set.isEmpty())
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        secs(p.time) - secs(q.time) ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource ?? '', q.subresource ?? ''),
    )
    .map((m) => {
      const e: Record<string, unknown> = {
        manager: m.manager,
        operation: m.operation,
        apiVersion: m.apiVersion,
      };
      if (m.time) e.time = m.time;
      e.fieldsType = 'FieldsV1';
      e.fieldsV1 = toFieldsV1(m.set);
      if (m.subresource) e.subresource = m.subresource;
      return e;
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Upstream writes managedFields times as RFC 3339 with second precision. */
export function managedTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Drops fields the apiserver never tracks and those the request cannot change: status through
 * the main resource of a kind with a status subresource, everything but status through /status.
 */
export function trackable(
  set: FieldSet,
  info: Pick<ResourceInfo, 'subresources'>,
  subresource?: string,
): FieldSet {
  let out = set;
  for (const p of STRIPPED) out = out.removeSubtree(p);
  if (!subresource && info.subresources?.includes('status')) out = out.removeSubtree([fieldEl('status')]);
  if (subresource === 'status') {
    const keep = new FieldSet();
    for (const p of out.paths()) if (startsWith(p, [fieldEl('status')])) keep.insert(p);
    out = keep;
  }
  return out;
}

function withoutManagedFields(obj: KubeObject | undefined): unknown {
  if (!obj) return {};
  const { managedFields: _ignored, ...meta } = obj.metadata ?? {};
  return { ...obj, metadata: meta };
}

/**
 * The managers to start from: the request's own managedFields when it changed them (clients may
 * rewrite ownership, e.g. kubectl's client-side → server-side apply migration), else the live ones.
 */
export function startingManagers(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  subresource?: string,
): Manager[] {
  const provided = newObj.metadata?.managedFields;
  const live = oldObj?.metadata?.managedFields;
  if (!subresource && Array.isArray(provided) && provided.length > 0 && !deepEqual(provided, live)) {
    return decodeManagedFields(provided);
  }
  return decodeManagedFields(live);
}

/**
 * Records a write in newObj.metadata.managedFields. 'Update' (create/update/patch): the fields
 * this request added or changed become the manager's (and stop being anyone else's); removed
 * fields leave every set. 'Apply': the manager owns exactly the fields of newObj.
 */
export function updateManagedFields(
  info: ResourceInfo,
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  manager: string,
  operation: Operation,
  subresource?: string,
  now: Date = new Date(),
): void {
  const schema = schemaForKind(info.kind);
  const managers = startingManagers(oldObj, newObj, subresource);
  const id = { manager, operation, apiVersion: apiVersionOf(info), subresource };
  const time = managedTime(now);

  if (operation === 'Apply') {
    const set = trackable(toFieldSet(withoutManagedFields(newObj), schema), info, subresource);
    const existing = findManager(managers, id);
    if (existing) Object.assign(existing, { set, time, apiVersion: id.apiVersion });
    else managers.push({ ...id, time, set });
  } else {
    const c = compare(withoutManagedFields(oldObj), withoutManagedFields(newObj), schema);
    const changed = trackable(c.added.union(c.modified), info, subresource);
    const removed = trackable(c.removed, info, subresource);
    const self = findManager(managers, id);
    for (const m of managers) if (m !== self) m.set = m.set.difference(changed).difference(removed);
    if (!changed.isEmpty()) {
      if (self) Object.assign(self, { set: self.set.union(changed).difference(removed), time });
      else managers.push({ ...id, time, set: changed });
    } else if (self) self.set = self.set.difference(removed);
  }

  const encoded = encodeManagedFields(managers);
  if (encoded.length) newObj.metadata.managedFields = encoded;
  else delete newObj.metadata.managedFields;
}
