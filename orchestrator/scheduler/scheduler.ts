// The default scheduler loop: informers on pods and nodes, a scheduling queue, one pod at a
// time through filter → score → bind, with Scheduled / FailedScheduling events.
import { StatusError } from '../api/errors.js';
import { nowRfc3339 } from '../api/registry/meta.js';
import type { Registry } from '../api/registry/registry.js';
import { findByKind, findResource } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { realClock, type Clock, type TimerHandle } from '../client/clock.js';
import { EventRecorder } from '../client/event-recorder.js';
import { objectKey } from '../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../client/shared-informers.js';
import { schedulePod } from './algorithm.js';
import { bindPod } from './bind.js';
import { SchedulingQueue } from './queue.js';
import { buildNodeInfo, type NodeInfo } from './resources.js';
import { defaultPodMatcher, type SpreadLookups } from './spread.js';

export const SCHEDULER_NAME = 'default-scheduler';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const SERVICES = findResource('', 'v1', 'services')!;

export interface SchedulerOptions {
  clock?: Clock;
  /** How often pods that fit nowhere are retried even without a cluster change (default 60 s). */
  retryIntervalMs?: number;
  /** Backoff for pods whose binding failed (default 1 s doubling to 10 s, like upstream). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Tie-breaking between equally scored nodes (default Math.random). */
  random?: () => number;
}

const isOurs = (pod: KubeObject): boolean => (pod.spec?.schedulerName || SCHEDULER_NAME) === SCHEDULER_NAME;

/** Pending for us: unassigned, not being deleted, not finished. */
function needsScheduling(pod: KubeObject): boolean {
  return (
    !pod.spec?.nodeName &&
    !pod.metadata.deletionTimestamp &&
    isOurs(pod) &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

/** The parts of a pending pod whose change may make it schedulable. */
const podSignature = (p: KubeObject): string =>
  JSON.stringify([p.spec, p.metadata.labels, p.metadata.annotations]);

/** The parts of a node the filters and scores read (heartbeats do not count). */
function nodeSignature(n: KubeObject): string {
  const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
  return JSON.stringify([n.metadata.labels, n.spec, n.status?.allocatable, n.status?.capacity, ready]);
}

export class Scheduler {
  private readonly pods: SharedIndexInformer;
  private readonly nodes: SharedIndexInformer;
  private readonly queue: SchedulingQueue;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly retryIntervalMs: number;
  private readonly random: () => number;
  private flushTimer: TimerHandle | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly registry: Registry,
    opts: SchedulerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.retryIntervalMs = opts.retryIntervalMs ?? 60_000;
    this.random = opts.random ?? Math.random;
    this.queue = new SchedulingQueue({
      clock: this.clock,
      baseDelayMs: opts.backoffBaseMs,
      maxDelayMs: opts.backoffMaxMs,
    });
    this.recorder = new EventRecorder(
      registry,
      { component: SCHEDULER_NAME },
      () => new Date(this.clock.now()),
    );
    this.pods = sharedInformer(registry, PODS, {
      indexers: { nodeName: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) },
    });
    this.nodes = sharedInformer(registry, NODES);
  }

  start(): void {
    this.pods.addHandlers({
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (o, n) => this.onPodUpdate(o, n),
      onDelete: (p) => this.onPodDelete(p),
    });
    this.nodes.addHandlers({
      onAdd: () => this.queue.moveAllToActive(),
      onUpdate: (o, n) => {
        if (nodeSignature(o) !== nodeSignature(n)) this.queue.moveAllToActive();
      },
    });
    this.pods.start();
    this.nodes.start();
    this.armFlush();
    this.loop = this.run();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.flushTimer) this.clock.clearTimeout(this.flushTimer);
    this.queue.shutdown();
    this.pods.stop();
    this.nodes.stop();
  }

  /** Resolves once the loop has exited after stop(). */
  async whenStopped(): Promise<void> {
    await this.loop;
  }

  private armFlush(): void {
    if (this.stopped) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.queue.moveAllToActive();
      this.armFlush();
    }, this.retryIntervalMs);
  }

  // ---- event handlers ----------------------------------------------------------------------

  private onPodAdd(pod: KubeObject): void {
    if (needsScheduling(pod)) this.queue.add(objectKey(pod));
  }

  private onPodUpdate(old: KubeObject, pod: KubeObject): void {
    const key = objectKey(pod);
    if (needsScheduling(pod)) {
      // Our own status write on failure must not requeue the pod; a spec/label change does.
      if (!this.queue.isUnschedulable(key) || podSignature(old) !== podSignature(pod)) this.queue.add(key);
      return;
    }
    this.queue.forget(key);
    // An assigned pod finishing frees its node's resources and ports.
    const finished = (p: KubeObject) => ['Succeeded', 'Failed'].includes(p.status?.phase);
    if (pod.spec?.nodeName && old.spec?.nodeName && !finished(old) && finished(pod))
      this.queue.moveAllToActive();
  }

  private onPodDelete(pod: KubeObject): void {
    this.queue.forget(objectKey(pod));
    if (pod.spec?.nodeName) this.queue.moveAllToActive();
  }

  // ---- the scheduling cycle --------------------------------------------------------------------

  private async run(): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      try {
        this.scheduleOne(key);
      } catch (e) {
        if (!(e instanceof StatusError)) console.error(`scheduler: scheduling ${key} failed:`, e);
        this.queue.retryLater(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  /** Synchronous on purpose: cache reads and the resulting writes cannot interleave with events. */
  private scheduleOne(key: string): void {
    const pod = this.pods.get(key);
    if (!pod || !needsScheduling(pod)) return;
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const infos = this.nodeInfos();
    const result = schedulePod(pod, infos, this.spreadMatcher(pod), this.random);
    if (!result.ok) {
      this.queue.markUnschedulable(key);
      this.recorder.record(pod, 'Warning', 'FailedScheduling', result.message);
      this.setUnschedulableCondition(pod, result.message);
      return;
    }
    bindPod(this.registry, ns, name, result.node, {
      uid: pod.metadata.uid,
      resourceVersion: pod.metadata.resourceVersion,
    });
    this.queue.forget(key);
    this.recorder.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${result.node}`);
  }

  private nodeInfos(): NodeInfo[] {
    const nodes = this.nodes
      .list()
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    return nodes.map((n) => buildNodeInfo(n, this.pods.byIndex('nodeName', n.metadata.name ?? '')));
  }

  private spreadMatcher(pod: KubeObject) {
    const lookups: SpreadLookups = {
      owner: (p, ref) => {
        const info = findByKind('apps/v1', ref.kind) ?? findByKind('v1', ref.kind);
        if (!info) return undefined;
        const owner = this.registry.tryGet(info, p.metadata.namespace ?? '', ref.name);
        return owner && (!ref.uid || owner.metadata.uid === ref.uid) ? owner : undefined;
      },
      services: (ns) => this.registry.list(SERVICES, ns, { readOnly: true }).items,
    };
    try {
      return defaultPodMatcher(pod, lookups);
    } catch {
      return undefined; // an unparsable owner selector: no spreading rather than no scheduling
    }
  }

  /** PodScheduled=False/Unschedulable with the FailedScheduling message, on the status subresource. */
  private setUnschedulableCondition(pod: KubeObject, message: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      const cur = this.registry.tryGet(PODS, pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      if (!cur || cur.metadata.uid !== pod.metadata.uid || cur.spec?.nodeName) return;
      const conditions: any[] = cur.status?.conditions ?? [];
      const prev = conditions.find((c) => c.type === 'PodScheduled');
      if (prev?.status === 'False' && prev.reason === 'Unschedulable' && prev.message === message) return;
      const cond = {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime:
          prev?.status === 'False' ? prev.lastTransitionTime : nowRfc3339(new Date(this.clock.now())),
        reason: 'Unschedulable',
        message,
      };
      cur.status = { ...(cur.status ?? {}), conditions: [...conditions.filter((c) => c !== prev), cond] };
      try {
        this.registry.update(
          PODS,
          cur.metadata.namespace ?? '',
          cur.metadata.name ?? '',
          cur,
          { fieldManager: SCHEDULER_NAME },
          'status',
        );
        return;
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 409)) throw e;
      }
    }
  }
}

/** Starts the default scheduler over the registry. */
export function startScheduler(registry: Registry, opts: SchedulerOptions = {}): { stop(): void } {
  const s = new Scheduler(registry, opts);
  s.start();
  return s;
}
