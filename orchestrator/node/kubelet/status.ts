// Pod status as the kubelet computes it (kubelet_pods.go generateAPIPodStatus, getPhase,
// convertToAPIContainerStatuses and pkg/kubelet/status conditions), as a pure function.
import type { KubeObject } from '../../api/types.js';
import type { ContainerInfo } from '../../runtime/types.js';

/** One Docker container of the pod (any attempt), as the runtime reports it. */
export interface ObservedContainer {
  name: string;
  restartCount: number;
  info: ContainerInfo;
  /** imageID for the status: docker-pullable://repo@sha256:… or docker://sha256:… */
  imageRef?: string;
  /** The spec image it was created from (defaults to info.image). */
  image?: string;
  /** Termination message read from terminationMessagePath, if any. */
  message?: string;
}

/** Why a container is waiting, from the last sync (upstream reasonCache). */
export interface WaitingReason {
  reason: string;
  message?: string;
}

export interface StatusInput {
  pod: KubeObject;
  containers: ObservedContainer[];
  reasons: Map<string, WaitingReason>;
  /** Readiness per container name (undefined: no probe result yet). */
  ready?: (name: string) => boolean | undefined;
  /** Startup probe state per container name (undefined: no startup probe). */
  started?: (name: string) => boolean | undefined;
  sandbox?: { ready: boolean; ip?: string };
  hostIP?: string;
  /** RFC 3339 "now" for transitions and startTime. */
  now: string;
  /** The kubelet has decided the pod is done (deleted or terminal): no container restarts. */
  podIsTerminal?: boolean;
}

type Status = Record<string, any>;
const list = (v: unknown): Record<string, any>[] => (Array.isArray(v) ? v : []);

const dockerId = (id: string) => `docker://${id}`;

/** metav1.Time form (RFC 3339, whole seconds); Docker's zero time means "never". */
function apiTime(t: string | undefined): string | null {
  const ms = t ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function terminatedReason(info: ContainerInfo): string {
  if (info.oomKilled) return 'OOMKilled';
  return info.exitCode === 0 ? 'Completed' : 'Error';
}

function toApiState(c: ObservedContainer): Status {
  const i = c.info;
  if (i.state === 'running' || i.state === 'paused' || i.state === 'restarting')
    return { running: { startedAt: apiTime(i.startedAt) } };
  if (i.state === 'exited' || i.state === 'dead') {
    const t: Status = {
      exitCode: i.exitCode,
      reason: terminatedReason(i),
      startedAt: apiTime(i.startedAt),
      finishedAt: apiTime(i.finishedAt),
      containerID: dockerId(i.id),
    };
    if (c.message) t.message = c.message;
    return { terminated: t };
  }
  return { waiting: {} };
}

/** Upstream ShouldContainerBeRestarted, given the newest instance of the container. */
export function shouldContainerBeRestarted(
  pod: KubeObject,
  latest: ContainerInfo | undefined,
  opts: { init?: boolean } = {},
): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  if (!latest) return true;
  if (latest.state === 'running' || latest.state === 'paused' || latest.state === 'restarting') return false;
  if (latest.state === 'created') return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  // Init containers of a restartPolicy Always pod are retried like OnFailure.
  if (opts.init && latest.exitCode === 0) return false;
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && latest.exitCode === 0) return false;
  return true;
}

/** Newest first, by start time then restart count (upstream sorts by creation). */
export function newestFirst(cs: ObservedContainer[]): ObservedContainer[] {
  return [...cs].sort(
    (a, b) =>
      b.restartCount - a.restartCount || (b.info.startedAt ?? '').localeCompare(a.info.startedAt ?? ''),
  );
}

type Kind = 'init' | 'app' | 'ephemeral';

const OLD_STATUSES: Record<Kind, string> = {
  init: 'initContainerStatuses',
  app: 'containerStatuses',
  ephemeral: 'ephemeralContainerStatuses',
};

function containerStatuses(input: StatusInput, specs: Record<string, any>[], kind: Kind): Status[] {
  const { pod } = input;
  const init = kind === 'init';
  const ephemeral = kind === 'ephemeral';
  const hasInit = !ephemeral && list(pod.spec?.initContainers).length > 0;
  const old = new Map<string, Status>(list(pod.status?.[OLD_STATUSES[kind]]).map((s) => [s.name, s]));
  const byName = new Map<string, ObservedContainer[]>();
  for (const c of newestFirst(input.containers)) {
    if (!byName.has(c.name)) byName.set(c.name, []);
    byName.get(c.name)!.push(c);
  }
  return specs.map((spec) => {
    const name = String(spec.name);
    const seen = byName.get(name) ?? [];
    let st: Status;
    if (seen.length === 0) {
      const prev = old.get(name);
      st = {
        name,
        state: { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: {},
      };
      if (prev?.state?.terminated) st = { ...prev };
      else if (prev) {
        st.restartCount = prev.restartCount;
        st.lastState = prev.lastState ?? {};
      }
      st.ready = false;
      st.restartCount ??= 0;
      st.image = spec.image;
      st.imageID = st.imageID ?? '';
      st.started = false;
    } else {
      const latest = seen[0];
      st = {
        name,
        state: toApiState(latest),
        lastState: seen[1] ? toApiState(seen[1]) : {},
        ready: false,
        restartCount: latest.restartCount,
        image: latest.image ?? spec.image ?? latest.info.image,
        imageID: latest.imageRef ?? latest.info.imageId,
        containerID: dockerId(latest.info.id),
      };
      const running = !!st.state.running;
      const startup = input.started?.(name);
      st.started = running && (startup === undefined ? true : startup);
      if (init) {
        // Completed init containers report ready (upstream prober UpdatePodStatus).
        st.ready = !!st.state.terminated && st.state.terminated.exitCode === 0;
      } else if (ephemeral) {
        st.ready = false; // never part of the pod's readiness
      } else if (running && st.started) {
        const probeReady = input.ready?.(name);
        st.ready = probeReady === undefined ? true : probeReady;
      }
    }
    // A container that will be restarted is Waiting, with the reason from the last sync.
    const latestInfo = seen[0]?.info;
    const skip = init && latestInfo && latestInfo.state === 'exited' && latestInfo.exitCode === 0;
    // Ephemeral containers are started once and never restarted.
    const willStart = ephemeral
      ? !latestInfo && !pod.metadata.deletionTimestamp
      : shouldContainerBeRestarted(pod, latestInfo, { init });
    if (!skip && !input.podIsTerminal && willStart) {
      const r = input.reasons.get(name);
      if (r) {
        if (st.state.terminated) st.lastState = st.state;
        st.state = { waiting: r.message ? { reason: r.reason, message: r.message } : { reason: r.reason } };
        st.ready = false;
        st.started = false;
      }
    }
    // Upstream field order for readable output.
    const ordered: Status = {
      name: st.name,
      state: st.state,
      lastState: st.lastState ?? {},
      ready: st.ready,
      restartCount: st.restartCount ?? 0,
      image: st.image,
      imageID: st.imageID ?? '',
    };
    if (st.containerID) ordered.containerID = st.containerID;
    ordered.started = st.started;
    return ordered;
  });
}

const find = (ss: Status[], name: string) => ss.find((s) => s.name === name);

/** Upstream getPhase (regular init containers; sidecars are treated as regular ones). */
export function getPhase(pod: KubeObject, init: Status[], app: Status[], podIsTerminal = false): string {
  const spec = pod.spec ?? {};
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of list(spec.initContainers)) {
    const s = find(init, c.name);
    if (!s) pendingInit++;
    else if (s.state?.running) pendingInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInit++;
      } else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of list(spec.containers)) {
    const s = find(app, c.name);
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const goList = (names: string[]) => `[${names.join(' ')}]`;

function readyCondition(type: string, pod: KubeObject, app: Status[], phase: string): Status {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of list(pod.spec?.containers)) {
    const s = find(app, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type, status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type, status: 'False', reason: 'PodFailed' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return { type, status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') };
  return { type, status: 'True' };
}

function initializedCondition(pod: KubeObject, init: Status[], app: Status[], phase: string): Status {
  const specs = list(pod.spec?.initContainers);
  if (specs.length === 0) return { type: 'Initialized', status: 'True' };
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of specs) {
    const s = find(init, c.name);
    if (!s) unknown.push(c.name);
    else if (!(s.state?.terminated && s.state.terminated.exitCode === 0)) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  // Any regular container started means initialisation happened before.
  if (app.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated))
    return { type: 'Initialized', status: 'True' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (!msgs.length) return { type: 'Initialized', status: 'True' };
  return {
    type: 'Initialized',
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: msgs.join(', '),
  };
}

/** Keeps lastTransitionTime when the status of a condition did not change. */
function withTransitions(conds: Status[], old: Status[], now: string): Status[] {
  return conds.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    const lastTransitionTime =
      prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
    const out: Status = { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    return out;
  });
}

/** The full PodStatus the kubelet reports. */
export function computePodStatus(input: StatusInput): Status {
  const { pod, now } = input;
  const old = pod.status ?? {};
  const init = containerStatuses(input, list(pod.spec?.initContainers), 'init');
  const app = containerStatuses(input, list(pod.spec?.containers), 'app');
  const ephemeral = containerStatuses(input, list(pod.spec?.ephemeralContainers), 'ephemeral');
  const phase = getPhase(pod, init, app, input.podIsTerminal);
  const conds: Status[] = [
    { type: 'PodReadyToStartContainers', status: input.sandbox?.ready ? 'True' : 'False' },
    initializedCondition(pod, init, app, phase),
    readyCondition('Ready', pod, app, phase),
    readyCondition('ContainersReady', pod, app, phase),
  ];
  const oldConds = list(old.conditions);
  const conditions = withTransitions(conds, oldConds, now);
  // Conditions owned by others (PodScheduled, DisruptionTarget, readiness gates) are kept as they are.
  const owned = new Set(conds.map((c) => c.type));
  for (const c of oldConds) if (!owned.has(c.type)) conditions.push(c);
  const status: Status = { phase, conditions };
  if (input.hostIP ?? old.hostIP) {
    status.hostIP = input.hostIP ?? old.hostIP;
    status.hostIPs = [{ ip: status.hostIP }];
  }
  const podIP = input.sandbox?.ip ?? (input.podIsTerminal ? old.podIP : undefined);
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = old.startTime ?? now;
  if (init.length) status.initContainerStatuses = init;
  status.containerStatuses = app;
  if (ephemeral.length) status.ephemeralContainerStatuses = ephemeral;
  if (old.qosClass) status.qosClass = old.qosClass;
  return status;
}
