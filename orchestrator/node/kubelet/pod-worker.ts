// The per-pod sync loop (upstream SyncPod / computePodActions in spirit): sandbox, init
// containers in order, app containers with restartPolicy and crash-loop back-off, probes,
// spec-change restarts, graceful termination, and status/events through callbacks.
// All state that matters is re-read from the runtime each sync, so a restarted agent adopts
// the containers it finds instead of duplicating them.
import type { KubeObject } from '../../api/types.js';
import type { ContainerInfo, ContainerRuntime } from '../../runtime/types.js';
import { Backoff, crashBackoffKey, crashLoopMessage, formatPod } from './backoff.js';
import { rfc3339, type Clock } from './clock.js';
import {
  buildContainerSpec,
  buildEnv,
  etcHosts,
  podHostname,
  resolvConf,
  type ObjectSource,
} from './container-spec.js';
import { ImageManager } from './images.js';
import { markMutations } from './mutation-mark.js';
import { StartGate } from './start-gate.js';
import { addServiceRoute } from './service-route.js';
import { syncKey } from './sync-trigger.js';
import {
  containerLabels,
  containerName,
  hashContainer,
  LABEL,
  parseLabels,
  sandboxLabels,
  sandboxName,
  type ParsedContainer,
} from './naming.js';
import type { ProbeTransport } from './probe-transport.js';
import { ContainerProbes } from './probes.js';
import type { KubeletSettings } from './settings.js';
import {
  computePodStatus,
  shouldContainerBeRestarted,
  type ObservedContainer,
  type WaitingReason,
} from './status.js';
import {
  podFilePath,
  removePodDir,
  setupVolumes,
  VolumeError,
  volumeBinds,
  writePodFile,
} from './volumes.js';

export type EventType = 'Normal' | 'Warning';

export interface PodWorkerDeps {
  runtime: ContainerRuntime;
  clock: Clock;
  settings: KubeletSettings;
  sources: ObjectSource;
  probeTransport: ProbeTransport;
  /** Shared by all pods of the node (keys include the pod uid). */
  images: ImageManager;
  crashBackoff: Backoff;
  /** Node-wide limit on pods starting at once; absent = no limit. */
  startGate?: StartGate;
  reportStatus(pod: KubeObject, status: Record<string, any>): void | Promise<void>;
  recordEvent(pod: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void;
  /** After a deleted pod's containers are gone: the agent then deletes the pod with grace 0. */
  onTerminated?(pod: KubeObject): void | Promise<void>;
  onError?(pod: KubeObject, err: unknown): void;
}

/** The node-wide pieces pod workers share. */
export function createSharedKubeletState(runtime: ContainerRuntime, clock: Clock, settings: KubeletSettings) {
  return {
    crashBackoff: new Backoff(settings.crashBackoff, clock),
    images: new ImageManager({
      runtime,
      clock,
      backoff: new Backoff(settings.pullBackoff, clock),
      localImagesFirst: settings.localImagesFirst,
    }),
    startGate: new StartGate(settings.podStarts, clock),
  };
}

interface Instance extends ParsedContainer {
  info: ContainerInfo;
}

const isRunning = (i: ContainerInfo) =>
  i.state === 'running' || i.state === 'paused' || i.state === 'restarting';
const isExited = (i: ContainerInfo) => i.state === 'exited' || i.state === 'dead';
const MIN_GRACE = 2; // upstream minimumGracePeriodInSeconds

type ContainerKind = 'init' | 'app' | 'ephemeral';
const SPEC_LISTS: Record<ContainerKind, string> = {
  init: 'initContainers',
  app: 'containers',
  ephemeral: 'ephemeralContainers',
};
const list = (v: unknown): Record<string, any>[] => (Array.isArray(v) ? v : []);

export class PodWorker {
  private pod: KubeObject;
  private readonly reasons = new Map<string, WaitingReason>();
  private readonly probes = new Map<string, ContainerProbes>();
  private readonly imageRefs = new Map<string, string>();
  private readonly watching = new Set<string>();
  private running?: Promise<void>;
  private again = false;
  private cancelTimer?: () => void;
  private wakeAt?: number;
  private lastStatus?: Record<string, any>;
  private lastReported?: string;
  private lastSyncKey?: string;
  /** Per-pod files as last written: rewritten only when their content changes. */
  private readonly podFiles = new Map<string, string>();
  private finished = false;
  private stopped = false;
  /** Held from a sandbox's creation to the end of that sync (the pod's start). */
  private releaseStart?: () => void;
  /** When the last runtime call of this worker that changes containers completed (monotonic ms). */
  private lastMutation = -Infinity;
  /** This pod's containers as the node-wide relist saw them, for the sync it triggers. */
  private seed?: { found: ContainerInfo[]; at: number };
  private readonly deps: PodWorkerDeps;

  constructor(pod: KubeObject, deps: PodWorkerDeps) {
    this.pod = pod;
    this.deps = {
      ...deps,
      runtime: markMutations(deps.runtime, () => (this.lastMutation = performance.now())),
    };
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  /** True once a deleted pod has been fully torn down. */
  get terminated(): boolean {
    return this.finished;
  }

  /** True while a sync is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** New version of the pod from the API; only a change that matters to the sync runs one. */
  update(pod: KubeObject): void {
    this.pod = pod;
    const key = syncKey(pod);
    if (key === this.lastSyncKey) return;
    this.lastSyncKey = key;
    void this.sync();
  }

  /**
   * The node's relist found this pod's containers changed: sync, starting from what it listed
   * (`at`: when that list began) instead of listing again.
   */
  relisted(found: ContainerInfo[], at: number): Promise<void> {
    this.seed = { found, at };
    return this.sync();
  }

  /** Runs a sync now; concurrent calls coalesce into one extra pass. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        this.wakeAt = undefined;
        try {
          await this.syncOnce();
        } catch (e) {
          this.deps.onError?.(this.pod, e);
        } finally {
          this.releaseStart?.();
          this.releaseStart = undefined;
        }
      } while (this.again && !this.finished && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      this.scheduleNext();
    });
    return this.running;
  }

  /** Stops timers and probes without touching containers (agent shutdown). */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    for (const p of this.probes.values()) p.stop();
    this.probes.clear();
  }

  private scheduleNext(): void {
    this.cancelTimer?.();
    if (this.finished || this.stopped) return;
    const { clock, settings } = this.deps;
    let delay = settings.resyncMs;
    if (this.wakeAt !== undefined) delay = Math.min(delay, Math.max(0, this.wakeAt - clock.now()));
    this.cancelTimer = clock.setTimer(delay, () => void this.sync());
  }

  private wake(at: number | undefined): void {
    if (at === undefined) return;
    this.wakeAt = this.wakeAt === undefined ? at : Math.min(this.wakeAt, at);
  }

  private event(type: EventType, reason: string, message: string, fieldPath?: string): void {
    this.deps.recordEvent(this.pod, type, reason, message, fieldPath);
  }

  /**
   * This pod's containers. A relist that began after this worker's last change is as good as a
   * new list (it shows all this worker did), so a sync the relist triggered starts from it.
   */
  private async observe(
    useSeed = false,
  ): Promise<{ sandboxes: Instance[]; containers: Map<string, Instance[]> }> {
    const { runtime, settings } = this.deps;
    const seed = this.seed;
    this.seed = undefined;
    const found =
      useSeed && seed && seed.at > this.lastMutation
        ? seed.found
        : await runtime.listContainers({
            [LABEL.podUid]: this.uid,
            [LABEL.cluster]: settings.cluster,
          });
    const sandboxes: Instance[] = [];
    const containers = new Map<string, Instance[]>();
    for (const info of found) {
      const p = parseLabels(info.labels, info.name);
      if (!p || p.podUid !== this.uid) continue;
      const inst = { ...p, info };
      if (p.kind === 'podsandbox') sandboxes.push(inst);
      else {
        if (!containers.has(p.containerName)) containers.set(p.containerName, []);
        containers.get(p.containerName)!.push(inst);
      }
    }
    sandboxes.sort((a, b) => b.attempt - a.attempt);
    for (const l of containers.values())
      l.sort(
        (a, b) =>
          b.restartCount - a.restartCount || (b.info.startedAt ?? '').localeCompare(a.info.startedAt ?? ''),
      );
    return { sandboxes, containers };
  }

  private async syncOnce(): Promise<void> {
    if (this.finished) return;
    const pod = this.pod;
    const began = performance.now();
    let obs = await this.observe(true);
    if (pod.metadata.deletionTimestamp) return this.terminate(obs);
    const initSpecs = list(pod.spec?.initContainers);
    const appSpecs = list(pod.spec?.containers);
    const terminalPhase =
      pod.status?.phase === 'Succeeded' ||
      pod.status?.phase === 'Failed' ||
      this.lastStatus?.phase === 'Succeeded' ||
      this.lastStatus?.phase === 'Failed';

    let sandbox: Instance | undefined = obs.sandboxes[0];
    if (!sandbox || !isRunning(sandbox.info)) {
      if (terminalPhase || this.podDone(obs.containers)) return this.report(obs, sandbox);
      for (const l of obs.containers.values())
        for (const i of l)
          if (isRunning(i.info)) await this.deps.runtime.stopContainer(i.info.id, MIN_GRACE).catch(() => {});
      const fresh = obs.sandboxes.length === 0 && obs.containers.size === 0;
      if (this.deps.startGate) {
        this.releaseStart = await this.deps.startGate.acquire();
        // Deleted while it waited for a slot: the pass that follows the update tears it down.
        if (this.pod.metadata.deletionTimestamp || this.stopped) return;
      }
      sandbox = await this.createSandbox(sandbox ? sandbox.attempt + 1 : 0, !!sandbox, obs.sandboxes);
      if (!sandbox) return this.report(obs, undefined);
      for (const old of obs.sandboxes)
        await this.deps.runtime.removeContainer(old.info.id, { force: true }).catch(() => {});
      // Containers were stopped with the old sandbox: decide on their current state. (A new pod
      // has none: what we observed is still all there is, besides the new sandbox.)
      obs = fresh ? { sandboxes: [sandbox], containers: obs.containers } : await this.observe();
    }
    if (terminalPhase) {
      await this.deps.runtime.stopContainer(sandbox.info.id, MIN_GRACE).catch(() => {});
      return this.report(await this.observe(), undefined);
    }
    const podIP = sandbox.info.ips[this.deps.settings.network];
    const ctx = await this.podContext(podIP);
    if (!ctx) return this.report(obs, sandbox);

    // Init containers run one at a time, in order; app containers wait for all of them.
    let initDone = true;
    for (const c of initSpecs) {
      const inst = obs.containers.get(c.name) ?? [];
      const latest = inst[0];
      if (latest && isExited(latest.info) && latest.info.exitCode === 0) continue;
      initDone = false;
      if (latest && isRunning(latest.info)) break;
      if (
        latest &&
        isExited(latest.info) &&
        latest.info.exitCode !== 0 &&
        (pod.spec?.restartPolicy ?? 'Always') === 'Never'
      )
        break;
      await this.startContainer(c, 'init', inst, sandbox, ctx);
      break;
    }
    if (initDone) {
      for (const c of appSpecs)
        await this.syncAppContainer(c, obs.containers.get(c.name) ?? [], sandbox, ctx);
    }
    // Ephemeral containers start once, whenever they are added, and are never restarted.
    for (const c of list(pod.spec?.ephemeralContainers))
      if (!obs.containers.has(c.name)) await this.startEphemeral(c, obs.containers, sandbox, ctx);
    // Nothing changed during this pass: what it observed is still what the runtime has.
    const after = this.lastMutation > began ? await this.observe() : obs;
    this.syncProbes(after.containers, podIP);
    await this.prune(after);
    await this.report(after, sandbox);
  }

  /** restartPolicy says nothing more will run: do not recreate a sandbox for it. */
  private podDone(containers: Map<string, Instance[]>): boolean {
    const pod = this.pod;
    if ((pod.spec?.restartPolicy ?? 'Always') === 'Always') return false;
    const inits = list(pod.spec?.initContainers);
    const initFailed = inits.some((c) => {
      const l = containers.get(c.name)?.[0];
      return l && isExited(l.info) && l.info.exitCode !== 0;
    });
    if (initFailed && pod.spec?.restartPolicy === 'Never') return true;
    const apps = list(pod.spec?.containers);
    return apps.every((c) => {
      const l = containers.get(c.name)?.[0];
      return l && isExited(l.info) && !shouldContainerBeRestarted(pod, l.info);
    });
  }

  private async createSandbox(
    attempt: number,
    changed: boolean,
    existing: Instance[],
  ): Promise<Instance | undefined> {
    const { runtime, settings, images } = this.deps;
    const pod = this.pod;
    if (changed)
      this.event('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    const img = await images.ensureImage(
      pod,
      { name: 'POD', image: settings.pauseImage, imagePullPolicy: 'IfNotPresent' },
      () => {},
    );
    if (!img.ok) {
      this.event('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${img.message}`);
      return undefined;
    }
    const name = sandboxName(pod, attempt);
    try {
      // A sandbox of this attempt left by an interrupted sync would block the name.
      for (const s of existing)
        if (s.info.name.replace(/^\//, '') === name)
          await runtime.removeContainer(s.info.id, { force: true });
      const id = await runtime.createContainer({
        name,
        image: settings.pauseImage,
        labels: sandboxLabels(pod, settings, attempt),
        hostname: podHostname(pod),
        networkMode: settings.network,
        restartPolicy: 'no',
      });
      await runtime.startContainer(id);
      const info = await runtime.inspectContainer(id);
      if (!info) throw new Error(`sandbox ${id} vanished`);
      await this.routeServices(id, info.pid);
      return { ...parseLabels(info.labels, info.name)!, info };
    } catch (e) {
      this.event(
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: ${(e as Error).message}`,
      );
      return undefined;
    }
  }

  /** ClusterIPs (and cluster DNS) are reached through the cluster proxy: route the range there. */
  private async routeServices(sandboxId: string, pid: number | undefined): Promise<void> {
    const { runtime, settings } = this.deps;
    if (this.pod.spec?.hostNetwork) return;
    const r = await addServiceRoute(runtime, settings, { id: sandboxId, pid }).catch((e: Error) => ({
      ok: false as const,
      reason: e.message,
    }));
    if (!r.ok)
      this.event('Warning', 'ServiceRouteFailed', `Services are unreachable from this pod: ${r.reason}`);
  }

  /** Volumes, /etc/hosts and resolv.conf; undefined (with a FailedMount event) when volumes fail. */
  private async podContext(podIP: string | undefined) {
    const { settings, sources } = this.deps;
    const pod = this.pod;
    const facts = {
      podIP,
      hostIP: settings.hostIP,
      nodeName: settings.node,
      nodeAllocatable: settings.nodeAllocatable,
    };
    let volumes: Map<string, string>;
    try {
      volumes = await setupVolumes(pod, { rootDir: settings.rootDir, sources, facts });
    } catch (e) {
      if (!(e instanceof VolumeError)) throw e;
      this.event('Warning', 'FailedMount', e.message);
      return undefined;
    }
    const hosts = await this.podFile('etc-hosts', etcHosts(pod, podIP, settings.clusterDomain));
    const resolv = await this.podFile(
      'resolv.conf',
      resolvConf(pod, {
        clusterDNS: settings.clusterDNS,
        clusterDomain: settings.clusterDomain,
        hostResolvConf: settings.hostResolvConf,
      }),
    );
    return { volumes, hosts, resolv, facts };
  }

  /** Writes a per-pod file when its content changed since this worker last wrote it. */
  private async podFile(name: string, content: string): Promise<string> {
    const written = this.podFiles.get(name);
    if (written !== undefined && written === content)
      return podFilePath(this.deps.settings.rootDir, this.uid, name);
    const p = await writePodFile(this.deps.settings.rootDir, this.uid, name, content);
    this.podFiles.set(name, content);
    return p;
  }

  private async syncAppContainer(
    c: Record<string, any>,
    inst: Instance[],
    sandbox: Instance,
    ctx: NonNullable<Awaited<ReturnType<PodWorker['podContext']>>>,
  ): Promise<void> {
    const pod = this.pod;
    const latest = inst[0];
    if (latest && isRunning(latest.info)) {
      let message: string | undefined;
      let restart = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
      const probes = this.probes.get(c.name);
      const failed = probes?.containerId === latest.info.id ? probes.failed() : undefined;
      if (latest.hash !== undefined && latest.hash !== hashContainer(c)) {
        message = `Container ${c.name} definition changed`;
        restart = true;
      } else if (failed) message = `Container ${c.name} failed ${failed} probe`;
      else return;
      if (restart) message += ', will be restarted';
      const grace =
        c[failed === 'startup' ? 'startupProbe' : 'livenessProbe']?.terminationGracePeriodSeconds ??
        pod.spec?.terminationGracePeriodSeconds ??
        30;
      await this.killContainer(c, latest, message, grace, 'app');
      if (restart) await this.startContainer(c, 'app', inst, sandbox, ctx);
      return;
    }
    if (shouldContainerBeRestarted(pod, latest?.info))
      await this.startContainer(c, 'app', inst, sandbox, ctx);
    else this.reasons.delete(c.name);
  }

  private fieldPath(c: Record<string, any>, kind: ContainerKind): string {
    return `spec.${SPEC_LISTS[kind]}{${c.name}}`;
  }

  /**
   * An ephemeral container joins the sandbox's network namespace like any container and, with
   * targetContainerName, the target's process namespace (upstream: the CRI target_id).
   */
  private async startEphemeral(
    c: Record<string, any>,
    containers: Map<string, Instance[]>,
    sandbox: Instance,
    ctx: NonNullable<Awaited<ReturnType<PodWorker['podContext']>>>,
  ): Promise<void> {
    let pidMode: string | undefined;
    if (c.targetContainerName) {
      const target = containers.get(c.targetContainerName)?.[0];
      if (!target || !isRunning(target.info)) {
        const msg = `target container ${JSON.stringify(c.targetContainerName)} is not running`;
        if (this.setReason(c.name, 'CreateContainerError', msg))
          this.event('Warning', 'Failed', `Error: ${msg}`, this.fieldPath(c, 'ephemeral'));
        return;
      }
      pidMode = `container:${target.info.id}`;
    }
    await this.startContainer(c, 'ephemeral', [], sandbox, ctx, pidMode);
  }

  /** Sets a waiting reason; returns true when it is new (events are emitted on transitions only). */
  private setReason(name: string, reason: string, message?: string): boolean {
    const prev = this.reasons.get(name);
    this.reasons.set(name, { reason, message });
    return prev?.reason !== reason;
  }

  private async startContainer(
    c: Record<string, any>,
    kind: ContainerKind,
    inst: Instance[],
    sandbox: Instance,
    ctx: NonNullable<Awaited<ReturnType<PodWorker['podContext']>>>,
    pidMode?: string,
  ): Promise<void> {
    const { runtime, clock, settings, crashBackoff, images } = this.deps;
    const pod = this.pod;
    const fp = this.fieldPath(c, kind);
    const hash = hashContainer(c);

    // Crash-loop back-off measured from the last exit (upstream doBackOff).
    const exited = inst.find((i) => isExited(i.info));
    if (exited) {
      const key = crashBackoffKey(pod, c.name, hash);
      const ts = Date.parse(exited.info.finishedAt ?? '') || clock.now();
      if (crashBackoff.isInBackOffSince(key, ts)) {
        const fresh = this.setReason(
          c.name,
          'CrashLoopBackOff',
          crashLoopMessage(crashBackoff.get(key), c.name, pod),
        );
        if (fresh)
          this.event(
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${formatPod(pod)}`,
            fp,
          );
        this.wake(crashBackoff.releaseAt(key, ts));
        return;
      }
      crashBackoff.next(key, ts);
    }

    const wasPullBackOff = this.reasons.get(c.name)?.reason === 'ImagePullBackOff';
    const img = await images.ensureImage(pod, c, (type, reason, message) => {
      if (reason === 'BackOff' && wasPullBackOff) return;
      this.event(type, reason, message, fp);
    });
    if (!img.ok) {
      if (this.setReason(c.name, img.reason, img.message))
        this.event('Warning', 'Failed', `Error: ${img.reason}`, fp);
      // A failed pull is followed shortly by a sync that reports the back-off (ImagePullBackOff).
      const soon = img.reason === 'ErrImagePull' ? clock.now() + settings.relistMs : undefined;
      this.wake(soon ?? images.retryAt(pod, String(c.image)));
      return;
    }

    let env: [string, string][];
    let binds: string[];
    try {
      env = await buildEnv(pod, c, { ...ctx.facts, sources: this.deps.sources });
      binds = await volumeBinds(c, ctx.volumes);
    } catch (e) {
      // Missing ConfigMap/Secret keys, bad downward refs and bad subPaths are all config errors upstream.
      const msg = (e as Error).message;
      if (this.setReason(c.name, 'CreateContainerConfigError', msg))
        this.event('Warning', 'Failed', `Error: ${msg}`, fp);
      return;
    }
    const mounted = new Set(list(c.volumeMounts).map((m) => m.mountPath));
    if (!mounted.has('/etc/hosts')) binds.push(`${ctx.hosts}:/etc/hosts`);
    if (!mounted.has('/etc/resolv.conf')) binds.push(`${ctx.resolv}:/etc/resolv.conf`);

    const restartCount = inst[0] ? inst[0].restartCount + 1 : 0;
    const name = containerName(pod, c.name, restartCount);
    for (const i of inst)
      if (i.info.name.replace(/^\//, '') === name)
        await runtime.removeContainer(i.info.id, { force: true }).catch(() => {});
    const labels = containerLabels(pod, c, { ...settings, sandboxId: sandbox.info.id, restartCount });
    const spec = buildContainerSpec(pod, c, { name, labels, sandboxId: sandbox.info.id, env, binds });
    if (pidMode) spec.pidMode = pidMode;
    let id: string;
    try {
      id = await runtime.createContainer(spec);
    } catch (e) {
      const msg = (e as Error).message;
      if (this.setReason(c.name, 'CreateContainerError', msg))
        this.event('Warning', 'Failed', `Error: ${msg}`, fp);
      return;
    }
    this.event('Normal', 'Created', `Created container ${c.name}`, fp);
    try {
      await runtime.startContainer(id);
    } catch (e) {
      const msg = (e as Error).message;
      this.setReason(c.name, 'RunContainerError', msg);
      this.event('Warning', 'Failed', `Error: ${msg}`, fp);
      return;
    }
    this.event('Normal', 'Started', `Started container ${c.name}`, fp);
    this.reasons.delete(c.name);
    this.watchExit(id);
    await this.postStart(c, id, fp);
  }

  private async postStart(c: Record<string, any>, id: string, fp: string): Promise<void> {
    const cmd = c.lifecycle?.postStart?.exec?.command;
    if (!Array.isArray(cmd)) return;
    const r = await this.deps.runtime
      .exec(id, cmd)
      .catch((e) => ({ exitCode: -1, stdout: '', stderr: String(e?.message ?? e) }));
    if (r.exitCode === 0) return;
    this.event('Warning', 'FailedPostStartHook', `PostStartHook failed`, fp);
    this.event('Normal', 'Killing', `FailedPostStartHook`, fp);
    await this.deps.runtime.stopContainer(id, MIN_GRACE).catch(() => {});
  }

  /** Re-syncs as soon as the container exits, instead of waiting for the next resync. */
  private watchExit(id: string): void {
    if (this.watching.has(id)) return;
    this.watching.add(id);
    this.deps.runtime.waitContainer(id).then(
      () => {
        this.watching.delete(id);
        if (!this.finished && !this.stopped) void this.sync();
      },
      () => this.watching.delete(id),
    );
  }

  /** preStop hook then SIGTERM with the remaining grace (minimum 2 s), SIGKILL by the runtime. */
  private async killContainer(
    c: Record<string, any> | undefined,
    inst: Instance,
    message: string,
    graceSeconds: number,
    kind: 'init' | 'app',
  ): Promise<void> {
    const { runtime, clock } = this.deps;
    const fp = c ? this.fieldPath(c, kind) : undefined;
    this.event('Normal', 'Killing', message, fp);
    let grace = graceSeconds;
    const preStop = c?.lifecycle?.preStop?.exec?.command;
    if (Array.isArray(preStop) && grace > 0) {
      const t0 = clock.now();
      const r = await runtime
        .exec(inst.info.id, preStop, { timeoutMs: grace * 1000 })
        .catch((e) => ({ exitCode: -1, stdout: '', stderr: String(e?.message ?? e) }));
      if (r.exitCode !== 0) this.event('Warning', 'FailedPreStopHook', `PreStopHook failed`, fp);
      grace -= Math.floor((clock.now() - t0) / 1000);
    }
    this.probes.get(inst.containerName)?.stop();
    this.probes.delete(inst.containerName);
    await runtime.stopContainer(inst.info.id, Math.max(MIN_GRACE, grace)).catch(() => {});
  }

  private async terminate(obs: {
    sandboxes: Instance[];
    containers: Map<string, Instance[]>;
  }): Promise<void> {
    const { runtime, settings } = this.deps;
    const pod = this.pod;
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    const specs = new Map<string, [Record<string, any>, 'init' | 'app']>();
    for (const c of list(pod.spec?.initContainers)) specs.set(c.name, [c, 'init']);
    for (const c of list(pod.spec?.containers)) specs.set(c.name, [c, 'app']);
    const kills: Promise<void>[] = [];
    for (const l of obs.containers.values())
      for (const i of l)
        if (isRunning(i.info)) {
          const [c, kind] = specs.get(i.containerName) ?? [undefined, 'app' as const];
          kills.push(this.killContainer(c, i, `Stopping container ${i.containerName}`, grace, kind));
        }
    await Promise.all(kills);
    for (const p of this.probes.values()) p.stop();
    this.probes.clear();
    // The sandbox holds nothing to shut down gracefully: it goes with a forced remove below.
    const final = await this.observe();
    await this.report(final, undefined, true);
    const gone = [...[...final.containers.values()].flat(), ...final.sandboxes];
    await Promise.all(gone.map((i) => runtime.removeContainer(i.info.id, { force: true }).catch(() => {})));
    await removePodDir(settings.rootDir, this.uid);
    this.finished = true;
    this.cancelTimer?.();
    await this.deps.onTerminated?.(pod);
  }

  private syncProbes(containers: Map<string, Instance[]>, podIP: string | undefined): void {
    const { clock, probeTransport } = this.deps;
    for (const c of list(this.pod.spec?.containers)) {
      const latest = containers.get(c.name)?.[0];
      const current = this.probes.get(c.name);
      const hasProbe = c.livenessProbe || c.readinessProbe || c.startupProbe;
      if (!latest || !isRunning(latest.info) || !hasProbe) {
        current?.stop();
        this.probes.delete(c.name);
        continue;
      }
      if (current?.containerId === latest.info.id) continue;
      current?.stop();
      const fp = this.fieldPath(c, 'app');
      const probes = new ContainerProbes(
        latest.info.id,
        c,
        { podIP, containerId: latest.info.id, ports: list(c.ports) as any },
        Date.parse(latest.info.startedAt ?? '') || clock.now(),
        {
          clock,
          transport: probeTransport,
          onEvent: (type, reason, message) => this.event(type, reason, message, fp),
          onChange: () => void this.sync(),
        },
      );
      this.probes.set(c.name, probes);
      probes.start();
    }
  }

  /** Keeps the newest two instances per container (current + previous, for logs --previous). */
  private async prune(obs: { sandboxes: Instance[]; containers: Map<string, Instance[]> }): Promise<void> {
    for (const l of obs.containers.values())
      for (const i of l.slice(2))
        if (!isRunning(i.info))
          await this.deps.runtime.removeContainer(i.info.id, { force: true }).catch(() => {});
    for (const s of obs.sandboxes.slice(1))
      if (!isRunning(s.info))
        await this.deps.runtime.removeContainer(s.info.id, { force: true }).catch(() => {});
  }

  private async imageRef(info: ContainerInfo): Promise<string> {
    const cached = this.imageRefs.get(info.imageId);
    if (cached) return cached;
    const img = await this.deps.runtime.inspectImage(info.imageId).catch(() => undefined);
    const ref = img?.repoDigests?.length
      ? `docker-pullable://${img.repoDigests[0]}`
      : `docker://${img?.id ?? info.imageId}`;
    this.imageRefs.set(info.imageId, ref);
    return ref;
  }

  private async report(
    obs: { sandboxes: Instance[]; containers: Map<string, Instance[]> },
    sandbox: Instance | undefined,
    podIsTerminal = false,
  ): Promise<void> {
    const { clock, settings } = this.deps;
    const observed: ObservedContainer[] = [];
    for (const l of obs.containers.values())
      for (const i of l.slice(0, 2))
        observed.push({
          name: i.containerName,
          restartCount: i.restartCount,
          info: i.info,
          imageRef: await this.imageRef(i.info),
        });
    const apiStatus = this.pod.status ?? {};
    // Our last report is the freshest "old status"; conditions owned by others come from the API.
    const old = this.lastStatus
      ? {
          ...apiStatus,
          ...this.lastStatus,
          conditions: [
            ...list(this.lastStatus.conditions),
            ...list(apiStatus.conditions).filter(
              (c) => !list(this.lastStatus!.conditions).some((o) => o.type === c.type),
            ),
          ],
        }
      : apiStatus;
    const sandboxRunning = sandbox && isRunning(sandbox.info);
    const status = computePodStatus({
      pod: { ...this.pod, status: old },
      containers: observed,
      reasons: this.reasons,
      ready: (n) => this.probes.get(n)?.ready(),
      started: (n) => this.probes.get(n)?.started(),
      sandbox: {
        ready: !!sandboxRunning,
        ip: sandboxRunning ? sandbox.info.ips[settings.network] : undefined,
      },
      hostIP: settings.hostIP,
      now: rfc3339(clock.now()),
      podIsTerminal,
    });
    if (!sandboxRunning && old.podIP && !status.podIP) {
      // Upstream keeps the IPs of a pod whose sandbox is gone.
      status.podIP = old.podIP;
      status.podIPs = old.podIPs;
    }
    this.lastStatus = status;
    const json = JSON.stringify(status);
    if (json === this.lastReported) return;
    // Remembered only once written: a failed write (API down) must be retried on the next sync.
    await this.deps.reportStatus(this.pod, status);
    this.lastReported = json;
  }
}
