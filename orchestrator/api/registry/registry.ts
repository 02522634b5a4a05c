// The registry pipeline every write goes through (HTTP and in-process alike):
// decode checks → conversion → defaults → validation → allocation → store, plus graceful deletion.
import type { Store } from '../../storage/store.js';
import { StoreError } from '../../storage/store.js';
import type { StoreEvent, WatchHandle } from '../../storage/types.js';
import { applyDefaults } from '../defaults/index.js';
import { validateCreate, validateUpdate } from '../validation/index.js';
import { validatePodEphemeralContainersUpdate } from '../validation/ephemeral.js';
import { onlyEphemeralContainers } from './ephemeral-strategy.js';
import { fromStorageVersion, toStorageVersion } from '../conversion.js';
import { findUnknownFields } from '../schema/index.js';
import { checkAppliedTypes, checkBodyTypes, checkPatchedTypes } from '../validation/schema-types.js';
import { applyPatch, createFromApply, updateManagedFields, type PatchType } from '../patch/index.js';
import {
  checkFieldSelector,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from '../selectors.js';
import { alreadyExists, badRequest, conflict, expired, invalid, notFound, StatusError } from '../errors.js';
import { apiVersionOf, RESOURCES } from '../resources.js';
import type { KubeObject, ResourceInfo } from '../types.js';
import { allocateServiceAddresses, usedAllocations } from './allocators.js';
import type { DeleteOptions, ListOptions, WriteOptions } from './context.js';
import { deleteAtPath } from './field-paths.js';
import { deepCopy, generateName, nowRfc3339, prepareForCreate, prepareForUpdate } from './meta.js';
import { runAdmission, type MutatingAdmission } from '../admission/types.js';
import { CSR_STORAGE, prepareCsrCreate, prepareCsrUpdate } from './csr-strategy.js';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Selectors {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface RegistryOptions {
  /** Mutating admission plugins run on create after defaults, before validation. */
  admission?: MutatingAdmission[];
}

export class Registry {
  constructor(
    readonly store: Store,
    private readonly options: RegistryOptions = {},
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  get(info: ResourceInfo, namespace: string, name: string): KubeObject {
    const obj = this.store.get(info.storage, this.ns(info, namespace), name);
    if (!obj) throw notFound(info, name);
    return this.out(info, obj);
  }

  tryGet(info: ResourceInfo, namespace: string, name: string): KubeObject | undefined {
    const obj = this.store.get(info.storage, this.ns(info, namespace), name);
    return obj ? this.out(info, obj) : undefined;
  }

  parseSelectors(info: ResourceInfo, opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): Selectors {
    const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : [];
    const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : [];
    checkFieldSelector(info, fields);
    return { labels, fields };
  }

  matches(info: ResourceInfo, sel: Selectors, obj: KubeObject): boolean {
    return matchLabels(sel.labels, obj.metadata.labels) && matchFields(info, sel.fields, obj);
  }

  list(info: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): ListResult {
    const sel = this.parseSelectors(info, opts);
    const filter =
      sel.labels.length || sel.fields.length ? (o: KubeObject) => this.matches(info, sel, o) : undefined;
    // Only matching objects are copied out of the store.
    const { items, rev } = this.store.list(info.storage, namespace || undefined, {
      filter,
      shared: opts.readOnly,
    });
    let start = 0;
    let listRev = rev;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      if (token.rv < this.store.oldestRevision) {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      listRev = token.rv;
      start = items.findIndex((o) => keyOf(o) > token.start);
      if (start < 0) start = items.length;
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const end = Math.min(items.length, start + limit);
    const page = items.slice(start, end).map((o) => this.out(info, o));
    const result: ListResult = { items: page, resourceVersion: String(listRev) };
    if (end < items.length) {
      result.continue = encodeContinue({ rv: listRev, start: keyOf(items[end - 1]) });
      if (!filter) result.remainingItemCount = items.length - end;
    }
    return result;
  }

  /** Live events for a storage key space, replayed from fromRev (exclusive). */
  watch(
    info: ResourceInfo,
    namespace: string | undefined,
    fromRev: number,
    cb: (ev: StoreEvent) => void,
    opts: { readOnly?: boolean } = {},
  ): WatchHandle {
    try {
      return this.store.watch(info.storage, namespace || undefined, fromRev, cb, opts);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Expired') {
        throw expired(`too old resource version: ${fromRev} (${this.store.oldestRevision})`);
      }
      throw e;
    }
  }

  get revision(): number {
    return this.store.revision;
  }

  /** Converts a stored object to the version the caller asked for. */
  out(info: ResourceInfo, obj: KubeObject): KubeObject {
    return info.version === info.storageVersion && apiVersionOf(info) === obj.apiVersion
      ? obj
      : fromStorageVersion(info, obj);
  }

  // ---- writes ------------------------------------------------------------------------------

  create(info: ResourceInfo, namespace: string, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    const obj = deepCopy(body);
    this.checkTypeMeta(info, obj);
    obj.metadata ??= {};
    this.checkNamespace(info, namespace, obj);
    checkBodyTypes(info, obj); // typed decoding refuses wrong types before strict field checks
    this.handleUnknownFields(info, obj, opts);
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = generateName(obj.metadata.generateName);
    const name: string = obj.metadata.name ?? '';
    if (info.namespaced) {
      obj.metadata.namespace = namespace;
      this.requireNamespace(namespace);
    }
    prepareForCreate(info, obj);
    this.resetStatusOnCreate(info, obj);
    if (info.storage === CSR_STORAGE) prepareCsrCreate(obj, opts.user);
    // Admission before defaults here: pod defaulting fills the not-ready/unreachable tolerations
    // with upstream's 300 s when no DefaultTolerationSeconds plugin set them first.
    runAdmission(this.options.admission, info, obj, 'CREATE');
    applyDefaults(info, obj);
    const errs = validateCreate(info, obj);
    if (errs.length) throw invalid(info, name, errs);
    if (info.storage === 'core/services') {
      const svcErrs = allocateServiceAddresses(obj, usedAllocations(this.store.list('core/services').items));
      if (svcErrs.length) throw invalid(info, name, svcErrs);
    }
    // Server-side apply records its own ownership; everything else is an Update entry.
    if (opts.managerOperation !== 'Apply')
      updateManagedFields(info, undefined, obj, opts.fieldManager ?? 'unknown', 'Update');
    const stored = toStorageVersion(info, obj);
    if (this.store.get(info.storage, this.ns(info, namespace), name)) throw alreadyExists(info, name);
    if (opts.dryRun)
      return this.out(info, { ...stored, metadata: { ...stored.metadata, resourceVersion: undefined } });
    const created = this.storeCall(info, name, () => this.store.create(info.storage, stored));
    this.afterCreate(info, created);
    return this.out(info, created);
  }

  update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: KubeObject,
    opts: WriteOptions = {},
    subresource?: string,
  ): KubeObject {
    const obj = deepCopy(body);
    this.checkTypeMeta(info, obj);
    obj.metadata ??= {};
    if (obj.metadata.name && obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata.name = name;
    this.checkNamespace(info, namespace, obj);
    if (info.namespaced) obj.metadata.namespace = namespace;
    checkBodyTypes(info, obj);
    this.handleUnknownFields(info, obj, opts);
    const storedOld = this.store.get(info.storage, this.ns(info, namespace), name);
    if (!storedOld) throw notFound(info, name);
    const old = this.out(info, storedOld);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info, name);
    return this.commitUpdate(info, obj, old, opts, subresource, rv ? Number(rv) : undefined);
  }

  patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    patchType: PatchType,
    body: string,
    opts: WriteOptions = {},
    subresource?: string,
  ): { obj: KubeObject; created: boolean } {
    if (patchType === 'application/apply-patch+yaml') checkAppliedTypes(info, namespace, name, body);
    const storedOld = this.store.get(info.storage, this.ns(info, namespace), name);
    if (!storedOld) {
      if (patchType !== 'application/apply-patch+yaml') throw notFound(info, name);
      const obj = createFromApply(info, body, name, info.namespaced ? namespace : undefined, {
        fieldManager: opts.fieldManager ?? '',
      });
      return {
        obj: this.create(info, namespace, obj, { ...opts, managerOperation: 'Apply' }),
        created: true,
      };
    }
    const old = this.out(info, storedOld);
    const patched = applyPatch(info, old, patchType, body, {
      fieldManager: opts.fieldManager,
      force: opts.force,
    });
    patched.metadata ??= {};
    if (patched.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    this.checkTypeMeta(info, patched);
    if (patchType !== 'application/apply-patch+yaml') checkPatchedTypes(info, patchType, body, patched);
    this.handleUnknownFields(info, patched, opts);
    const rv = patched.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(info, name);
    const op = patchType === 'application/apply-patch+yaml' ? 'Apply' : 'Update';
    return {
      obj: this.commitUpdate(info, patched, old, { ...opts, managerOperation: op }, subresource, undefined),
      created: false,
    };
  }

  private commitUpdate(
    info: ResourceInfo,
    obj: KubeObject,
    old: KubeObject,
    opts: WriteOptions,
    subresource: string | undefined,
    expectedRev: number | undefined,
  ): KubeObject {
    const name = old.metadata.name!;
    if (info.storage === CSR_STORAGE) {
      obj = prepareCsrUpdate(obj, old, subresource);
    } else if (subresource === 'status') {
      // Status writes change only status (plus nothing else), like upstream's status strategies.
      const next = deepCopy(old);
      next.status = obj.status;
      next.metadata.resourceVersion = obj.metadata.resourceVersion;
      obj = next;
    } else if (subresource === 'ephemeralcontainers') {
      obj = onlyEphemeralContainers(obj, old);
    } else if (info.subresources?.includes('status') && info.storage !== 'core/namespaces') {
      obj.status = deepCopy(old.status);
      if (obj.status === undefined) delete obj.status;
    }
    prepareForUpdate(info, obj, old);
    applyDefaults(info, obj);
    const errs =
      subresource === 'ephemeralcontainers'
        ? validatePodEphemeralContainersUpdate(obj, old)
        : validateUpdate(info, obj, old);
    if (errs.length) throw invalid(info, name, errs);
    if (info.storage === 'core/services' && subresource !== 'status') {
      const svcErrs = allocateServiceAddresses(
        obj,
        usedAllocations(this.store.list('core/services').items, old.metadata.uid),
        old,
      );
      if (svcErrs.length) throw invalid(info, name, svcErrs);
    }
    if (opts.managerOperation !== 'Apply') {
      updateManagedFields(info, old, obj, opts.fieldManager ?? 'unknown', 'Update', subresource);
    }
    const stored = toStorageVersion(info, obj);
    stored.metadata.resourceVersion = old.metadata.resourceVersion;
    // A write that removes the last finalizer of an object being deleted completes the deletion.
    if (
      stored.metadata.deletionTimestamp &&
      !stored.metadata.finalizers?.length &&
      !(info.storage === 'core/namespaces' && stored.spec?.finalizers?.length) &&
      !this.waitsForKubelet(info, stored)
    ) {
      if (opts.dryRun) return this.out(info, stored);
      const gone = this.storeCall(info, name, () =>
        this.store.delete(info.storage, this.ns(info, stored.metadata.namespace ?? ''), name, expectedRev),
      );
      return this.out(info, gone);
    }
    if (opts.dryRun || unchanged(stored, old)) return this.out(info, opts.dryRun ? stored : old);
    const updated = this.storeCall(info, name, () => this.store.update(info.storage, stored, expectedRev));
    return this.out(info, updated);
  }

  /**
   * DELETE: graceful for scheduled pods, deferred while finalizers remain,
   * immediate otherwise. Returns the object and whether it is gone.
   */
  delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    opts: DeleteOptions = {},
  ): { obj: KubeObject; deleted: boolean } {
    const ns = this.ns(info, namespace);
    const stored = this.store.get(info.storage, ns, name);
    if (!stored) throw notFound(info, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== stored.metadata.uid) {
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${stored.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== stored.metadata.resourceVersion) {
      throw conflict(
        info,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`,
      );
    }
    if (info.storage === 'core/namespaces' && SYSTEM_NAMESPACES.includes(name)) {
      throw new StatusError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
    }
    const next = deepCopy(stored);
    const finalizers = new Set(next.metadata.finalizers ?? []);
    const policy = opts.propagationPolicy;
    const hasDependents = this.hasDependents(stored.metadata.uid!);
    if (policy === 'Foreground' && hasDependents) finalizers.add('foregroundDeletion');
    if (policy === 'Orphan' && hasDependents) finalizers.add('orphan');
    if (policy === 'Orphan' && hasDependents && !opts.dryRun) {
      // Orphaning needs only the owner references removed; done here until the garbage collector lands.
      this.orphanDependents(stored.metadata.uid!);
      finalizers.delete('orphan');
    }
    const grace = this.gracePeriod(info, next, opts);
    if (info.storage === 'core/namespaces') {
      // Namespace deletion: mark Terminating; the namespace controller removes the contents, then
      // the 'kubernetes' spec finalizer, and deletes it again (upstream's namespace strategy).
      if (opts.dryRun) return { obj: this.out(info, next), deleted: false };
      return this.deleteNamespace(info, next);
    }
    if (finalizers.size > 0 || grace > 0) {
      if (!next.metadata.deletionTimestamp) {
        const when = new Date(Date.now() + grace * 1000);
        next.metadata.deletionTimestamp = nowRfc3339(when);
        next.metadata.deletionGracePeriodSeconds = grace;
      } else if (grace < (next.metadata.deletionGracePeriodSeconds ?? Infinity)) {
        next.metadata.deletionGracePeriodSeconds = grace;
        next.metadata.deletionTimestamp = nowRfc3339(new Date(Date.now() + grace * 1000));
      }
      next.metadata.finalizers = finalizers.size ? [...finalizers] : undefined;
      if (!next.metadata.finalizers) delete next.metadata.finalizers;
      if (finalizers.size === 0 && grace === 0) {
        // fall through to immediate deletion
      } else {
        if (opts.dryRun) return { obj: this.out(info, next), deleted: false };
        const updated = unchanged(next, stored) ? stored : this.store.update(info.storage, next);
        return { obj: this.out(info, updated), deleted: false };
      }
    }
    if (opts.dryRun) return { obj: this.out(info, stored), deleted: true };
    const gone = this.storeCall(info, name, () => this.store.delete(info.storage, ns, name));
    return { obj: this.out(info, gone), deleted: true };
  }

  deleteCollection(
    info: ResourceInfo,
    namespace: string | undefined,
    list: ListOptions,
    opts: DeleteOptions,
  ): KubeObject[] {
    const { items } = this.list(info, namespace, {
      labelSelector: list.labelSelector,
      fieldSelector: list.fieldSelector,
    });
    const out: KubeObject[] = [];
    for (const item of items) {
      try {
        out.push(this.delete(info, item.metadata.namespace ?? '', item.metadata.name!, opts).obj);
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
    }
    return out;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private ns(info: ResourceInfo, namespace: string): string {
    return info.namespaced ? namespace : '';
  }

  private storeCall<T>(info: ResourceInfo, name: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StoreError) {
        if (e.code === 'NotFound') throw notFound(info, name);
        if (e.code === 'AlreadyExists') throw alreadyExists(info, name);
        if (e.code === 'Conflict') throw conflict(info, name);
      }
      throw e;
    }
  }

  private checkTypeMeta(info: ResourceInfo, obj: KubeObject): void {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw badRequest(`the body of the request must be a ${info.kind} object`);
    }
    const want = apiVersionOf(info);
    if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`,
      );
    }
    if (obj.kind !== undefined && obj.kind !== info.kind) {
      throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${info.kind})`);
    }
    obj.apiVersion = want;
    obj.kind = info.kind;
    if (
      obj.metadata !== undefined &&
      (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))
    ) {
      throw badRequest(
        `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`,
      );
    }
  }

  private checkNamespace(info: ResourceInfo, namespace: string, obj: KubeObject): void {
    if (!info.namespaced) return;
    const n = obj.metadata.namespace;
    if (n && n !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  private requireNamespace(namespace: string): void {
    const ns = this.store.get('core/namespaces', '', namespace);
    if (!ns) {
      throw new StatusError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
    if (ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name: namespace,
          kind: 'namespaces',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  /** Strict → 400, Warn → warning + prune, Ignore → prune. */
  private handleUnknownFields(info: ResourceInfo, obj: KubeObject, opts: WriteOptions): void {
    const unknown = findUnknownFields(info, obj);
    if (!unknown.length) return;
    const mode = opts.fieldValidation ?? 'Warn';
    if (mode === 'Strict') {
      const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
      throw badRequest(
        `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${list}`,
      );
    }
    if (mode === 'Warn') for (const f of unknown) opts.warnings?.push(`unknown field "${f}"`);
    for (const f of unknown) deleteAtPath(obj, f);
  }

  /** Clients cannot set status on create for kinds with a status subresource (upstream resets it). */
  private resetStatusOnCreate(info: ResourceInfo, obj: KubeObject): void {
    const resets = [
      'apps/deployments',
      'apps/replicasets',
      'autoscaling/horizontalpodautoscalers',
      'core/namespaces',
      'core/replicationcontrollers',
    ];
    if (resets.includes(info.storage)) delete obj.status;
    if (info.storage === 'core/pods') obj.status = { phase: 'Pending' };
  }

  private afterCreate(info: ResourceInfo, obj: KubeObject): void {
    if (info.storage === 'core/namespaces') this.ensureDefaultServiceAccount(obj.metadata.name!);
  }

  /** Each namespace gets a `default` ServiceAccount (upstream's serviceaccounts controller). */
  ensureDefaultServiceAccount(namespace: string): void {
    if (this.store.get('core/serviceaccounts', namespace, 'default')) return;
    const sa: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    };
    const info = RESOURCES.find((r) => r.storage === 'core/serviceaccounts')!;
    prepareForCreate(info, sa);
    try {
      this.store.create(info.storage, sa);
    } catch (e) {
      if (!(e instanceof StoreError && e.code === 'AlreadyExists')) throw e;
    }
  }

  private gracePeriod(info: ResourceInfo, obj: KubeObject, opts: DeleteOptions): number {
    if (info.storage !== 'core/pods') return 0;
    // Unscheduled or finished pods go at once, like upstream's pod strategy.
    if (!obj.spec?.nodeName || ['Succeeded', 'Failed'].includes(obj.status?.phase)) return 0;
    const g = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  }

  /** A pod being deleted gracefully stays until its kubelet confirms (delete with grace 0). */
  private waitsForKubelet(info: ResourceInfo, obj: KubeObject): boolean {
    return info.storage === 'core/pods' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private hasDependents(uid: string): boolean {
    return this.dependents(uid).length > 0;
  }

  private dependents(uid: string): { storage: string; obj: KubeObject }[] {
    const out: { storage: string; obj: KubeObject }[] = [];
    const seen = new Set<string>();
    for (const r of RESOURCES) {
      if (seen.has(r.storage)) continue;
      seen.add(r.storage);
      // The filter sees stored objects: only the dependents found are copied.
      const owned = (o: KubeObject) => !!o.metadata.ownerReferences?.some((ref) => ref.uid === uid);
      for (const o of this.store.list(r.storage, undefined, { filter: owned }).items)
        out.push({ storage: r.storage, obj: o });
    }
    return out;
  }

  private orphanDependents(uid: string): void {
    for (const { storage, obj } of this.dependents(uid)) {
      obj.metadata.ownerReferences = obj.metadata.ownerReferences!.filter((r) => r.uid !== uid);
      if (!obj.metadata.ownerReferences.length) delete obj.metadata.ownerReferences;
      this.store.update(storage, obj);
    }
  }

  /**
   * Marks a namespace Terminating; it goes only once its spec and metadata finalizers are empty
   * (the namespace controller empties it and removes the 'kubernetes' finalizer).
   */
  private deleteNamespace(info: ResourceInfo, ns: KubeObject): { obj: KubeObject; deleted: boolean } {
    const name = ns.metadata.name!;
    if (!ns.metadata.finalizers?.length && !ns.spec?.finalizers?.length) {
      const gone = this.storeCall(info, name, () => this.store.delete(info.storage, '', name));
      return { obj: this.out(info, gone), deleted: true };
    }
    if (ns.metadata.deletionTimestamp) return { obj: this.out(info, ns), deleted: false };
    ns.metadata.deletionTimestamp = nowRfc3339();
    ns.metadata.deletionGracePeriodSeconds = 0;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    return { obj: this.out(info, this.store.update(info.storage, ns)), deleted: false };
  }

  /** Creates the namespaces every cluster has. Idempotent. */
  bootstrap(): void {
    const info = RESOURCES.find((r) => r.storage === 'core/namespaces')!;
    for (const name of SYSTEM_NAMESPACES) {
      if (!this.store.get('core/namespaces', '', name)) {
        this.create(
          info,
          '',
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          { fieldManager: 'kubedeck' },
        );
      }
      this.ensureDefaultServiceAccount(name);
    }
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function encodeContinue(t: { rv: number; start: string }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}

function decodeContinue(s: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw badRequest('continue key is not valid: invalid continue token');
  }
}

function unchanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
