// How a pod looks on the map: the STATUS kubectl prints, and the colour class it gets.
import type { KObject } from '../../../orchestrator/operations/contract.js';

export type PodTone =
  'running' | 'pending' | 'creating' | 'crash' | 'image' | 'terminating' | 'done' | 'failed';

export interface PodView {
  status: string;
  tone: PodTone;
  restarts: number;
  ready: string;
}

export function podView(pod: KObject): PodView {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = `${statuses.filter((s) => s.ready).length}/${total}`;
  const view = (status: string, tone: PodTone): PodView => ({ status, tone, restarts, ready });
  if (pod.metadata.deletionTimestamp) return view('Terminating', 'terminating');
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state.waiting.reason as string | undefined;
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

function toneOfReason(reason: string): PodTone {
  if (reason === 'CrashLoopBackOff') return 'crash';
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
