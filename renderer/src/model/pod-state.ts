// How a pod looks on the map: the STATUS kubectl prints (the server's Table cell), and its colour.
import { humanDuration, parseGoDuration, type KObject } from '@kubedeck/contract';
import { cellText, rowOf } from './table-rows.js';

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

/**
 * A pod as the map shows it. STATUS, READY and RESTARTS are the server's Table cells (the printer
 * `kubectl get pods` uses, api/tables/pod.ts), so the map and kubectl agree; only the colour and
 * the crash-loop countdown are the UI's. A pod the server has printed no row for reads as Unknown.
 */
export function podView(pod: KObject): PodView {
  // Store objects are frozen and replaced on every change, so a view per object can be kept: the
  // map's chips and its per-node counts then share one computation.
  let v = views.get(pod);
  if (!v) {
    v = computeView(pod);
    if (Object.isFrozen(pod) && rowOf(pod)) views.set(pod, v);
  }
  return v;
}

const views = new WeakMap<object, PodView>();

function computeView(pod: KObject): PodView {
  const status = cellText(pod, 'Status') || 'Unknown';
  const restarts = Number.parseInt(cellText(pod, 'Restarts'), 10);
  const view: PodView = {
    status,
    tone: toneOf(status),
    restarts: Number.isNaN(restarts) ? 0 : restarts,
    ready: cellText(pod, 'Ready'),
  };
  if (status === 'CrashLoopBackOff') view.retryAt = nextRetry(pod.status?.containerStatuses ?? []);
  return view;
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

/** The colour for a STATUS the pod printer writes (reasons, phases, "Init:…", "Terminating"). */
export function toneOf(status: string): PodTone {
  if (status === 'Running') return 'running';
  if (status === 'CrashLoopBackOff') return 'crash';
  if (status === 'ImagePullBackOff' || status === 'ErrImagePull' || status === 'InvalidImageName')
    return 'image';
  if (status === 'ContainerCreating' || status === 'PodInitializing' || status.startsWith('Init:'))
    return 'creating';
  if (status === 'Terminating') return 'terminating';
  if (status === 'Completed' || status === 'Succeeded') return 'done';
  if (status === 'Pending' || status === 'Unknown' || status === 'NotReady') return 'pending';
  return 'failed';
}

export function nodeReady(node: KObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function isControlPlane(node: KObject): boolean {
  return 'node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {});
}

/** kubectl's AGE for a timestamp ("45s", "4m20s", "25h"): the printers' humanDuration. */
export function age(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
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
