// The node lifecycle controller (upstream pkg/controller/nodelifecycle + the NoExecute taint
// manager + pod GC's orphan pass): every monitor period it checks each worker's heartbeat and
// Lease, marks silent nodes Unknown, keeps condition taints in step, marks the pods of not-Ready
// nodes not Ready, and evicts pods from NoExecute-tainted nodes once their toleration runs out.
import { StatusError } from '../../api/errors.js';
import { nowRfc3339 } from '../../api/registry/meta.js';
import type { Registry } from '../../api/registry/registry.js';
import { findResource } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { Clock, TimerHandle } from '../../client/clock.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { CONTROL_PLANE_NODE } from '../../config/names.js';
import { evictionDelaySeconds, noExecuteTaints } from './eviction.js';
import { condition, isSilent, observe, unknownConditions, type NodeHealth } from './health.js';
import { reconcileTaints, TAINT_OUT_OF_SERVICE } from './taints.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const MANAGER = { fieldManager: 'node-controller' };
/** Upstream pod GC waits this long before deleting pods of a node that no longer exists. */
export const ORPHAN_QUARANTINE_MS = 40_000;

export interface NodeLifecycleOptions {
  registry: Registry;
  clock: Clock;
  monitorPeriodMs: number;
  gracePeriodMs: number;
  startupGracePeriodMs: number;
  log?: (line: string) => void;
  /** Nodes the controller leaves alone (the in-app control-plane node). */
  skip?: (name: string) => boolean;
}

export class NodeLifecycleController {
  private readonly health = new Map<string, NodeHealth>();
  /** pod uid → when its eviction countdown started (upstream: when the taint manager saw it). */
  private readonly evictionStart = new Map<string, number>();
  /** pod uid → when its node was first seen missing. */
  private readonly orphanSince = new Map<string, number>();
  private readonly nodeEvents: EventRecorder;
  private readonly podEvents: EventRecorder;
  private readonly taintEvents: EventRecorder;
  private timer?: TimerHandle;
  private stopped = false;

  constructor(private readonly o: NodeLifecycleOptions) {
    const clockDate = () => new Date(o.clock.now());
    this.nodeEvents = new EventRecorder(o.registry, { component: 'node-controller' }, clockDate);
    this.podEvents = this.nodeEvents;
    this.taintEvents = new EventRecorder(o.registry, { component: 'taint-eviction-controller' }, clockDate);
  }

  start(): this {
    this.schedule(this.o.monitorPeriodMs);
    return this;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      let next = this.o.monitorPeriodMs;
      try {
        next = this.sync();
      } catch (e) {
        this.o.log?.(`node-lifecycle: ${(e as Error)?.stack ?? String(e)}`);
      }
      this.schedule(next);
    }, ms);
  }

  /** One monitor pass; returns the delay until the next one (sooner when an eviction is due). */
  sync(): number {
    const now = this.o.clock.now();
    const nowText = nowRfc3339(new Date(now));
    const skip = this.o.skip ?? ((n: string) => n === CONTROL_PLANE_NODE);
    const leases = new Map(
      this.o.registry.list(LEASES, 'kube-node-lease').items.map((l) => [l.metadata.name!, l]),
    );
    const nodes = new Map<string, KubeObject>();
    for (const listed of this.o.registry.list(NODES, undefined).items) {
      const name = listed.metadata.name!;
      if (skip(name)) {
        nodes.set(name, listed);
        continue;
      }
      nodes.set(name, this.monitorNode(listed, leases.get(name), now, nowText));
    }
    for (const name of this.health.keys()) if (!nodes.has(name)) this.health.delete(name);
    const pods = this.o.registry.list(PODS, undefined).items;
    this.markPodsNotReady(pods, nodes, skip, nowText);
    this.forceDeleteOutOfService(pods, nodes);
    this.collectOrphans(pods, nodes, now);
    return this.evictPods(pods, nodes, now);
  }

  /** Health check + status + taints for one worker; returns the node as now stored. */
  private monitorNode(node: KubeObject, lease: KubeObject | undefined, now: number, nowText: string) {
    const name = node.metadata.name!;
    const h = observe(this.health.get(name), node, lease, now);
    this.health.set(name, h);
    const wasReady = condition(node, 'Ready')?.status === 'True';
    const settings = {
      gracePeriodMs: this.o.gracePeriodMs,
      startupGracePeriodMs: this.o.startupGracePeriodMs,
    };
    if (isSilent(h, node, settings, now)) {
      const conditions = unknownConditions(node, nowText);
      if (conditions) {
        node =
          this.write(() =>
            this.o.registry.update(
              NODES,
              '',
              name,
              { ...node, status: { ...node.status, conditions } },
              MANAGER,
              'status',
            ),
          ) ?? node;
        // Our own write must not count as a heartbeat.
        this.health.set(name, { ...h, heartbeat: condition(node, 'Ready')?.lastHeartbeatTime });
        if (wasReady) {
          this.o.log?.(
            `node ${name}: no heartbeat for ${Math.round((now - h.probeTimestamp) / 1000)} s, Unknown`,
          );
          this.nodeEvents.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        }
      }
    }
    const taints = reconcileTaints(node, nowText);
    if (taints) {
      const spec = { ...node.spec, taints };
      if (!taints.length) delete spec.taints;
      node = this.write(() => this.o.registry.update(NODES, '', name, { ...node, spec }, MANAGER)) ?? node;
    }
    return node;
  }

  /** Upstream MarkPodsNotReady: pods on a node that is not Ready are not Ready either. */
  private markPodsNotReady(
    pods: KubeObject[],
    nodes: Map<string, KubeObject>,
    skip: (n: string) => boolean,
    nowText: string,
  ): void {
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      const node = nodeName && nodes.get(nodeName);
      if (!node || skip(nodeName) || condition(node, 'Ready')?.status === 'True') continue;
      const conditions: any[] = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const next = conditions.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: nowText } : c,
      );
      const ok = this.write(() =>
        this.o.registry.update(
          PODS,
          pod.metadata.namespace!,
          pod.metadata.name!,
          { ...pod, status: { ...pod.status, conditions: next } },
          MANAGER,
          'status',
        ),
      );
      if (ok) this.podEvents.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  /**
   * The NoExecute taint manager: evicts pods that do not (or no longer) tolerate their node's
   * NoExecute taints. Returns the delay until the next pass.
   */
  private evictPods(pods: KubeObject[], nodes: Map<string, KubeObject>, now: number): number {
    let next = this.o.monitorPeriodMs;
    const live = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata.uid!;
      live.add(uid);
      if (pod.metadata.deletionTimestamp || !pod.spec?.nodeName) continue;
      const delay = evictionDelaySeconds(pod, noExecuteTaints(nodes.get(pod.spec.nodeName)));
      if (delay === undefined) {
        if (this.evictionStart.delete(uid)) {
          const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
          this.taintEvents.record(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${who}`);
        }
        continue;
      }
      const start = this.evictionStart.get(uid) ?? now;
      this.evictionStart.set(uid, start);
      const due = start + delay * 1000;
      if (due <= now) this.evict(pod);
      else next = Math.min(next, due - now);
    }
    for (const uid of this.evictionStart.keys()) if (!live.has(uid)) this.evictionStart.delete(uid);
    return Math.max(1, next);
  }

  /** Upstream addConditionAndDeletePod: DisruptionTarget condition, event, then a normal delete. */
  private evict(pod: KubeObject): void {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    this.taintEvents.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`);
    const conditions = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'DisruptionTarget');
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: nowRfc3339(new Date(this.o.clock.now())),
    });
    this.write(() =>
      this.o.registry.update(
        PODS,
        ns,
        name,
        { ...pod, status: { ...pod.status, conditions } },
        MANAGER,
        'status',
      ),
    );
    // A graceful delete: on an unreachable node the pod stays Terminating until its kubelet
    // returns and confirms, as upstream (its controller replaces it meanwhile).
    this.write(() => this.o.registry.delete(PODS, ns, name, { preconditions: { uid: pod.metadata.uid } }));
    this.evictionStart.delete(pod.metadata.uid!);
  }

  /**
   * Upstream pod GC (gcTerminating): terminating pods on a not-Ready node that carries the
   * out-of-service taint are force-deleted; their kubelet will never confirm.
   */
  private forceDeleteOutOfService(pods: KubeObject[], nodes: Map<string, KubeObject>): void {
    for (const pod of pods) {
      const node = pod.spec?.nodeName && nodes.get(pod.spec.nodeName);
      if (!node || !pod.metadata.deletionTimestamp) continue;
      if (condition(node, 'Ready')?.status === 'True') continue;
      if (!(node.spec?.taints ?? []).some((t: any) => t.key === TAINT_OUT_OF_SERVICE)) continue;
      this.forceDelete(pod);
    }
  }

  /** Upstream pod GC (gcOrphaned): pods bound to a node that is gone, after a quarantine. */
  private collectOrphans(pods: KubeObject[], nodes: Map<string, KubeObject>, now: number): void {
    const live = new Set<string>();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || nodes.has(nodeName)) continue;
      const uid = pod.metadata.uid!;
      live.add(uid);
      const since = this.orphanSince.get(uid) ?? now;
      this.orphanSince.set(uid, since);
      if (now - since >= ORPHAN_QUARANTINE_MS) {
        this.o.log?.(
          `pod ${pod.metadata.namespace}/${pod.metadata.name}: node ${nodeName} is gone, deleting`,
        );
        this.forceDelete(pod);
      }
    }
    for (const uid of this.orphanSince.keys()) if (!live.has(uid)) this.orphanSince.delete(uid);
  }

  private forceDelete(pod: KubeObject): void {
    this.write(() =>
      this.o.registry.delete(PODS, pod.metadata.namespace!, pod.metadata.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      }),
    );
  }

  /** One write; conflicts and vanished objects are retried by the next pass. */
  private write<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StatusError && (e.code === 404 || e.code === 409)) return undefined;
      this.o.log?.(`node-lifecycle write failed: ${(e as Error).message}`);
      return undefined;
    }
  }
}
