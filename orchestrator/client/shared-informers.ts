// One informer per kind per control plane, shared by every controller that watches that kind
// (client-go's SharedInformerFactory). Pods used to be watched and cached once per controller;
// now the scheduler, the Deployment, ReplicaSet, endpoints and garbage-collector loops read one
// cache. Each consumer gets a handle: stopping it removes only that consumer's handlers, and the
// informer stops when its last consumer does.
import type { Registry } from '../api/registry/registry.js';
import type { ResourceInfo } from '../api/types.js';
import { Informer, type IndexFunc, type InformerHandlers, type InformerOptions } from './informer.js';

/** What a controller may do with an informer: read the cache, get notified, start and stop. */
export type SharedIndexInformer = Pick<
  Informer,
  | 'get'
  | 'list'
  | 'keys'
  | 'byIndex'
  | 'addHandlers'
  | 'start'
  | 'stop'
  | 'idle'
  | 'hasSynced'
  | 'resourceVersion'
>;

interface Entry {
  informer: Informer;
  consumers: number;
}

/** The factories, one per registry (that is, per control plane); tests get a fresh one with each registry. */
const factories = new WeakMap<Registry, Map<string, Entry>>();

/**
 * A handle on the shared informer for info. Informers narrowed by namespace or selector are not
 * shared (few consumers ask for them, and their caches are small).
 */
export function sharedInformer(
  registry: Registry,
  info: ResourceInfo,
  opts: { indexers?: Record<string, IndexFunc> } & Omit<InformerOptions, 'indexers'> = {},
): SharedIndexInformer {
  if (opts.namespace || opts.labelSelector || opts.fieldSelector) return new Informer(registry, info, opts);
  let byKind = factories.get(registry);
  if (!byKind) factories.set(registry, (byKind = new Map()));
  const key = `${info.group}/${info.resource}`;
  let entry = byKind.get(key);
  if (!entry) byKind.set(key, (entry = { informer: new Informer(registry, info), consumers: 0 }));
  if (opts.indexers) entry.informer.addIndexers(opts.indexers);
  entry.consumers++;
  return new Handle(entry, () => byKind.delete(key));
}

class Handle implements SharedIndexInformer {
  private readonly mine: InformerHandlers[] = [];
  private started = false;
  private released = false;

  constructor(
    private readonly entry: Entry,
    private readonly forget: () => void,
  ) {}

  private get informer(): Informer {
    return this.entry.informer;
  }

  get hasSynced(): boolean {
    return this.started && this.informer.hasSynced;
  }

  get resourceVersion(): string {
    return this.informer.resourceVersion;
  }

  addHandlers(h: InformerHandlers): void {
    this.mine.push(h);
    this.informer.addHandlers(h);
  }

  start(): void {
    if (this.started || this.released) return;
    this.started = true;
    this.informer.start();
  }

  stop(): void {
    for (const h of this.mine.splice(0)) this.informer.removeHandlers(h);
    if (this.released) return;
    this.released = true;
    this.started = false;
    if (--this.entry.consumers === 0) {
      this.informer.stop();
      this.forget(); // a later consumer starts a fresh informer
    }
  }

  get: Informer['get'] = (...args) => this.informer.get(...args);
  list: Informer['list'] = () => this.informer.list();
  keys: Informer['keys'] = () => this.informer.keys();
  byIndex: Informer['byIndex'] = (index, value) => this.informer.byIndex(index, value);
  idle: Informer['idle'] = () => this.informer.idle();
}
