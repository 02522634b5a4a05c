// The ownership graph the garbage collector works on (upstream graph_builder.go): one informer per
// stored resource, indexed by uid and by owner uid, so owners and dependents are cache lookups.
import type { Registry } from '../../api/registry/registry.js';
import { RESOURCES } from '../../api/resources.js';
import type { KubeObject, ResourceInfo } from '../../api/types.js';
import { type InformerHandlers } from '../../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';

/** Storages the collector ignores: events are never owners and churn a lot (upstream ignores them too). */
const IGNORED = new Set(['core/events']);

export interface Node {
  info: ResourceInfo;
  obj: KubeObject;
}

/** "storage|namespace/name": the queue key of one object. */
export function itemKey(info: ResourceInfo, obj: KubeObject): string {
  return `${info.storage}|${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export class OwnershipGraph {
  readonly informers = new Map<string, { info: ResourceInfo; informer: SharedIndexInformer }>();

  constructor(registry: Registry) {
    for (const info of RESOURCES) {
      if (IGNORED.has(info.storage) || this.informers.has(info.storage)) continue;
      if (info.storageVersion !== info.version) continue; // one informer per storage, in its stored version
      const informer = sharedInformer(registry, info, {
        indexers: {
          uid: (o) => (o.metadata.uid ? [o.metadata.uid] : []),
          owner: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
        },
      });
      this.informers.set(info.storage, { info, informer });
    }
  }

  addHandlers(make: (info: ResourceInfo) => InformerHandlers): void {
    for (const { info, informer } of this.informers.values()) informer.addHandlers(make(info));
  }

  start(): void {
    for (const { informer } of this.informers.values()) informer.start();
  }

  stop(): void {
    for (const { informer } of this.informers.values()) informer.stop();
  }

  async idle(): Promise<void> {
    await Promise.all([...this.informers.values()].map(({ informer }) => informer.idle()));
  }

  /** The cached object with this uid, if any. */
  byUid(uid: string): Node | undefined {
    for (const { info, informer } of this.informers.values()) {
      const [obj] = informer.byIndex('uid', uid);
      if (obj) return { info, obj };
    }
    return undefined;
  }

  /** Cached objects listing uid among their owners. */
  dependents(uid: string): Node[] {
    const out: Node[] = [];
    for (const { info, informer } of this.informers.values())
      for (const obj of informer.byIndex('owner', uid)) out.push({ info, obj });
    return out;
  }

  /** The cached object behind a queue key. */
  get(key: string): Node | undefined {
    const bar = key.indexOf('|');
    const entry = this.informers.get(key.slice(0, bar));
    if (!entry) return undefined;
    const obj = entry.informer.get(key.slice(bar + 1).replace(/^\//, ''));
    return obj ? { info: entry.info, obj } : undefined;
  }
}
