// The deployment controller loop (upstream deployment_controller.go): informers on deployments,
// replicasets and pods feed a work queue of deployment keys; each sync reads the registry, adopts
// its ReplicaSets and runs the strategy, paused handling or a plain scale.
import type { Registry } from '../../api/registry/registry.js';
import type { KubeObject } from '../../api/types.js';
import { labelSelectorFromObject, matchLabels } from '../../api/selectors.js';
import { StatusError } from '../../api/errors.js';
import { realClock, type Clock } from '../../client/clock.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { Informer } from '../../client/informer.js';
import { sharedInformer, type SharedIndexInformer } from '../../client/shared-informers.js';
import { runWorker, WorkQueue } from '../../client/workqueue.js';
import { getControllerOf } from '../util/pod-util.js';
import { claimReplicaSets, selectsEverything } from './claim.js';
import {
  DEPLOYMENTS,
  keyOf,
  PODS,
  REPLICASETS,
  updateDeploymentStatus,
  type SyncDeps,
  type SyncState,
} from './client.js';
import { checkPausedConditions } from './progress.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { getAllReplicaSetsAndSyncRevision, isScalingEvent, refreshed, syncScaleOnly } from './sync.js';
import { syncDeploymentStatus } from './status.js';

export interface DeploymentControllerOptions {
  clock?: Clock;
  log?: (line: string) => void;
}

export class DeploymentController {
  readonly queue: WorkQueue<string>;
  private readonly deployments: SharedIndexInformer;
  private readonly replicaSets: SharedIndexInformer;
  private readonly pods: SharedIndexInformer;
  private readonly deps: SyncDeps;
  private readonly log: (line: string) => void;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly registry: Registry,
    opts: DeploymentControllerOptions = {},
  ) {
    const clock = opts.clock ?? realClock;
    this.log = opts.log ?? (() => {});
    this.queue = new WorkQueue<string>({ clock });
    // Deployments and ReplicaSets keep informers of their own (small caches). On the shared
    // ReplicaSet informer this controller's handler ran before the ReplicaSet controller's, so it
    // scaled the new set up again before the old set's surplus pods were deleted: 15 live pods for
    // a surge limit of 13 (test/integration/controllers/deployment-rollout.test.ts). Upstream sums
    // spec.replicas the same way and has the same window; its own informers keep it narrow here too.
    // Pods, the large cache, are shared.
    this.deployments = new Informer(registry, DEPLOYMENTS);
    this.replicaSets = new Informer(registry, REPLICASETS);
    this.pods = sharedInformer(registry, PODS);
    this.deps = {
      registry,
      clock,
      recorder: new EventRecorder(
        registry,
        { component: 'deployment-controller' },
        () => new Date(clock.now()),
      ),
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
      enqueueRateLimited: (key) => this.queue.addRateLimited(key),
    };
  }

  start(): void {
    this.deployments.addHandlers({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addHandlers({
      onAdd: (rs) => this.onReplicaSet(rs),
      onUpdate: (old, rs) => {
        const oldRef = getControllerOf(old);
        if (oldRef && oldRef.uid !== getControllerOf(rs)?.uid) this.onReplicaSet(old);
        this.onReplicaSet(rs);
      },
      onDelete: (rs) => this.onReplicaSet(rs),
    });
    // Recreate waits for old pods to be gone; their deletion is what lets it continue.
    this.pods.addHandlers({ onDelete: (p) => this.onPodDeleted(p) });
    this.deployments.start();
    this.replicaSets.start();
    this.pods.start();
    this.loop = runWorker(
      this.queue,
      (key) => this.syncDeployment(key),
      (key, err) => {
        if (!(err instanceof StatusError && err.code === 409))
          this.log(`deployment ${key}: sync failed: ${String(err)}`);
      },
    );
  }

  stop(): Promise<void> {
    this.queue.shutdown();
    this.deployments.stop();
    this.replicaSets.stop();
    this.pods.stop();
    return this.loop ?? Promise.resolve();
  }

  private enqueue(d: KubeObject): void {
    this.queue.add(keyOf(d));
  }

  /** The owning deployment of an RS, or every deployment in its namespace that would adopt it. */
  private onReplicaSet(rs: KubeObject): void {
    const ref = getControllerOf(rs);
    const ns = rs.metadata.namespace!;
    if (ref) {
      if (ref.kind !== 'Deployment') return;
      const d = this.deployments.get(ns, ref.name);
      if (d && d.metadata.uid === ref.uid) this.enqueue(d);
      return;
    }
    for (const d of this.deployments.list()) {
      if (d.metadata.namespace !== ns) continue;
      if (matchLabels(labelSelectorFromObject(d.spec?.selector), rs.metadata.labels)) this.enqueue(d);
    }
  }

  private onPodDeleted(pod: KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(pod.metadata.namespace!, ref.name);
    const dref = rs && getControllerOf(rs);
    if (!dref || dref.kind !== 'Deployment') return;
    const d = this.deployments.get(pod.metadata.namespace!, dref.name);
    if (d && d.spec?.strategy?.type === 'Recreate') this.enqueue(d);
  }

  /** One reconcile; synchronous, so what it reads cannot change under it. */
  syncDeployment(key: string): void {
    const [ns, name] = key.split('/');
    const current = this.registry.tryGet(DEPLOYMENTS, ns, name);
    if (!current) return;
    const s: SyncState = { deps: this.deps, d: structuredClone(current) };
    if (selectsEverything(s.d)) {
      this.deps.recorder.record(
        s.d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((s.d.status?.observedGeneration ?? 0) < (s.d.metadata.generation ?? 0))
        updateDeploymentStatus(s, { ...(s.d.status ?? {}), observedGeneration: s.d.metadata.generation });
      return;
    }
    const rsList = claimReplicaSets(s);
    if (s.d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
      syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
      return;
    }
    checkPausedConditions(s);
    const scaling = s.d.spec.paused || isScalingEvent(s, rsList);
    // The check above may have written revision annotations: continue from current copies.
    const fresh = refreshed(s, rsList);
    if (scaling) syncScaleOnly(s, fresh);
    else if (s.d.spec.strategy?.type === 'Recreate') rolloutRecreate(s, fresh);
    else rolloutRolling(s, fresh);
  }
}

export function startDeploymentController(
  registry: Registry,
  opts: DeploymentControllerOptions = {},
): DeploymentController {
  const c = new DeploymentController(registry, opts);
  c.start();
  return c;
}
