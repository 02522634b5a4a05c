// Keeps one PodWorker per pod bound to this node: list + watch of the node's pods, status
// reporting, final deletion, and removal of containers whose pod no longer exists.
import type { ContainerRuntime } from '../../runtime/types.js';
import { PodWorker, createSharedKubeletState } from '../kubelet/pod-worker.js';
import type { KubeletSettings } from '../kubelet/settings.js';
import { realClock } from '../kubelet/clock.js';
import { defaultProbeTransport } from '../kubelet/probe-transport.js';
import type { ObjectSource } from '../kubelet/container-spec.js';
import { LABEL } from '../kubelet/naming.js';
import { ApiError, type ApiClient, type WatchEvent } from './api-client.js';
import { Pleg } from './pleg.js';
import type { AgentEvents } from './events.js';

export interface PodManagerDeps {
  api: ApiClient;
  runtime: ContainerRuntime;
  settings: KubeletSettings;
  events: AgentEvents;
  log: (line: string) => void;
}

/** Status fields a merge patch must clear explicitly when the kubelet no longer reports them. */
const CLEARABLE = [
  'message',
  'reason',
  'podIP',
  'podIPs',
  'hostIP',
  'hostIPs',
  'startTime',
  'initContainerStatuses',
];

export class PodManager {
  private readonly workers = new Map<string, PodWorker>();
  private readonly shared;
  private readonly sources: ObjectSource;
  private stopped = false;
  private stopWatch?: () => void;
  private wakeRetry?: () => void;
  private readonly pleg: Pleg;

  constructor(private readonly deps: PodManagerDeps) {
    this.shared = createSharedKubeletState(deps.runtime, realClock, deps.settings);
    this.pleg = new Pleg({
      runtime: deps.runtime,
      cluster: deps.settings.cluster,
      node: deps.settings.node,
      relistMs: deps.settings.relistMs,
      onChange: (uid, found, at) => void this.workers.get(uid)?.relisted(found, at),
      log: deps.log,
    });
    const get = async (path: string) => {
      try {
        return await deps.api.get(path);
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return undefined;
        throw e;
      }
    };
    this.sources = {
      getConfigMap: (ns, name) => get(`/api/v1/namespaces/${ns}/configmaps/${encodeURIComponent(name)}`),
      getSecret: (ns, name) => get(`/api/v1/namespaces/${ns}/secrets/${encodeURIComponent(name)}`),
    };
  }

  private get selector(): string {
    return `fieldSelector=${encodeURIComponent(`spec.nodeName=${this.deps.settings.node}`)}`;
  }

  /** List, adopt, clean up, then watch; re-list whenever the watch ends. Runs until stop(). */
  async run(): Promise<void> {
    let delay = 500;
    this.pleg.start();
    while (!this.stopped) {
      try {
        const list = await this.deps.api.get(`/api/v1/pods?${this.selector}`);
        const live = new Set<string>();
        for (const pod of list.items) {
          live.add(pod.metadata.uid);
          this.upsert({ kind: 'Pod', apiVersion: 'v1', ...pod });
        }
        for (const [uid, w] of this.workers) if (!live.has(uid)) this.forget(uid, w);
        await this.removeOrphans(live);
        delay = 500;
        const watch = this.deps.api.watch(
          `/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}&${this.selector}`,
          (ev) => this.onEvent(ev),
        );
        this.stopWatch = watch.stop;
        await watch.done;
      } catch (e) {
        if (this.stopped) return;
        this.deps.log(`pod watch failed: ${(e as Error).message}; retrying in ${delay} ms`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          this.wakeRetry = () => {
            clearTimeout(t);
            r();
          };
        });
        this.wakeRetry = undefined;
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private onEvent(ev: WatchEvent): void {
    if (ev.type === 'BOOKMARK') return;
    if (ev.type === 'ERROR') {
      this.stopWatch?.(); // relist
      return;
    }
    const pod = { kind: 'Pod', apiVersion: 'v1', ...ev.object };
    if (ev.type === 'DELETED') {
      // Removed without the kubelet's confirmation (force delete): stop its containers now.
      const w = this.workers.get(pod.metadata.uid);
      if (w) {
        const gone = {
          ...pod,
          metadata: {
            ...pod.metadata,
            deletionTimestamp: pod.metadata.deletionTimestamp ?? new Date().toISOString(),
            deletionGracePeriodSeconds: 0,
          },
        };
        w.update(gone);
      }
      return;
    }
    this.upsert(pod);
  }

  private upsert(pod: any): void {
    const uid = pod.metadata.uid;
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    const worker = new PodWorker(pod, {
      runtime: this.deps.runtime,
      clock: realClock,
      settings: this.deps.settings,
      sources: this.sources,
      probeTransport: defaultProbeTransport(this.deps.runtime),
      images: this.shared.images,
      crashBackoff: this.shared.crashBackoff,
      startGate: this.shared.startGate,
      reportStatus: (p, status) => this.reportStatus(p, status),
      recordEvent: (p, type, reason, message, fieldPath) =>
        this.deps.events.record(p, type, reason, message, fieldPath),
      onTerminated: (p) => this.finishDeletion(p),
      onError: (p, err) =>
        this.deps.log(
          `pod ${p.metadata.namespace}/${p.metadata.name}: ${(err as Error)?.message ?? String(err)}`,
        ),
    });
    this.workers.set(uid, worker);
    worker.update(pod);
  }

  private forget(uid: string, w: PodWorker): void {
    w.stop();
    this.workers.delete(uid);
  }

  private async reportStatus(pod: any, status: Record<string, any>): Promise<void> {
    const patch: Record<string, any> = { ...status };
    for (const k of CLEARABLE) if (!(k in patch)) patch[k] = null;
    try {
      await this.deps.api.request(
        'PATCH',
        `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status?fieldManager=kubelet`,
        { metadata: { uid: pod.metadata.uid }, status: patch },
        'application/merge-patch+json',
      );
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  /** The kubelet's last word on a deleted pod: remove it with grace 0 (uid precondition). */
  private async finishDeletion(pod: any): Promise<void> {
    try {
      await this.deps.api.request(
        'DELETE',
        `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`,
        {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid },
        },
      );
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
    }
    const w = this.workers.get(pod.metadata.uid);
    if (w) this.forget(pod.metadata.uid, w);
  }

  /** Containers of pods that no longer exist (deleted while this agent was away) are removed. */
  private async removeOrphans(live: Set<string>): Promise<void> {
    const mine = await this.deps.runtime.listContainers({
      'kubedeck.cluster': this.deps.settings.cluster,
      'kubedeck.node': this.deps.settings.node,
    });
    for (const c of mine) {
      const uid = c.labels[LABEL.podUid];
      if (!uid || live.has(uid)) continue;
      this.deps.log(`removing container ${c.name}: its pod no longer exists`);
      await this.deps.runtime.stopContainer(c.id, 2).catch(() => undefined);
      await this.deps.runtime.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
  }

  /** The API server answers again (partition healed): re-list now instead of after the back-off. */
  reconnect(): void {
    this.wakeRetry?.();
  }

  stop(): void {
    this.stopped = true;
    this.pleg.stop();
    this.wakeRetry?.();
    this.stopWatch?.();
    for (const w of this.workers.values()) w.stop();
  }
}
