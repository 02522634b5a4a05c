// How a pod looks on the map: the STATUS kubectl prints, and the colour class it gets.
import { parseGoDuration, type KObject } from '@kubedeck/contract';

export { parseGoDuration };

export type PodTone =
  'running' | 'pending' | 'creating' | 'crash' | 'image' | 'terminating' | 'done' | 'failed';

export interface PodView {
  status: string;
  tone: PodTone;
  restarts: number;
  ready: string;
  /** CrashLoopBackOff only: when the kubelet retries (ms epoch), from the back-off and last exit. */
  retryAt?: number;
}

// Store objects are frozen and replaced on every change, so a view per object can be kept: the
// map's chips and its per-node counts then share one computation.
const views = new WeakMap<object, PodView>();

export function podView(pod: KObject): PodView {
  if (!Object.isFrozen(pod)) return computeView(pod);
  let v = views.get(pod);
  if (!v) views.set(pod, (v = computeView(pod)));
  return v;
}

function computeView(pod: KObject): PodView {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = `${statuses.filter((s) => s.ready).length}/${total}`;
  const view = (status: string, tone: PodTone): PodView => ({ status, tone, restarts, ready });
  if (pod.metadata.deletionTimestamp) return view('Terminating', 'terminating');
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state.waiting.reason as string | undefined;
  if (waiting === 'CrashLoopBackOff') return { ...view(waiting, 'crash'), retryAt: nextRetry(statuses) };
  if (waiting) return view(waiting, toneOfReason(waiting));
  const terminated = statuses.find((s) => s.state?.terminated)?.state.terminated;
  const phase: string = pod.status?.phase ?? 'Pending';
  if (phase === 'Succeeded') return view('Completed', 'done');
  if (phase === 'Failed') return view(pod.status?.reason ?? 'Failed', 'failed');
  if (terminated && phase !== 'Running') return view(terminated.reason ?? 'Error', 'failed');
  if (phase === 'Pending')
    return view(
      pod.spec?.nodeName ? 'ContainerCreating' : 'Pending',
      pod.spec?.nodeName ? 'creating' : 'pending',
    );
  return view(phase, phase === 'Running' ? 'running' : 'pending');
}

/**
 * When the crash-looping container is retried: its last exit plus the back-off the kubelet
 * reports in the waiting message ("back-off 40s restarting failed container=app pod=…", upstream's
 * form), which the kubelet measures from that exit. Undefined when either part is missing.
 */
export function nextRetry(statuses: any[]): number | undefined {
  const s = statuses.find((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
  const m = /^back-off (\S+) restarting failed container/i.exec(s?.state?.waiting?.message ?? '');
  const backoff = m ? parseGoDuration(m[1]) : undefined;
  const finished = Date.parse(s?.lastState?.terminated?.finishedAt ?? '');
  return backoff === undefined || Number.isNaN(finished) ? undefined : finished + backoff;
}

/**
 * The chip's countdown: "retry in 7s", "retry in 4m20s", then "retrying…" once it is due; `short`
 * (compact chips) gives just "7s", "4m20s", "now".
 */
export function retryText(retryAt: number, now: number, short = false): string {
  const s = Math.ceil((retryAt - now) / 1000);
  if (s <= 0) return short ? 'now' : 'retrying…';
  const left = s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return short ? left : `retry in ${left}`;
}

function toneOfReason(reason: string): PodTone {
  if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull' || reason === 'InvalidImageName')
    return 'image';
  if (reason === 'ContainerCreating' || reason === 'PodInitializing') return 'creating';
  return 'failed';
}

export function nodeReady(node: KObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function isControlPlane(node: KObject): boolean {
  return 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {});
}

/** "3m", "2h": kubectl's AGE column, coarse. */
export function age(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** "12341828Ki" → "11.8 GiB": quantities as people read them. */
export function memory(q: string | undefined): string {
  if (!q) return '?';
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(q);
  if (!m) return q;
  const mult: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  const bytes = Number(m[1]) * (m[2] ? mult[m[2]] : 1);
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}
