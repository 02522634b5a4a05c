// A live view of a set of pods over one HTTPS watch (list, then watch from its resourceVersion,
// re-opened when the server ends it), for rollout invariants (integration test) and timing (bench).
import { watchPodEvents, type ApiTarget } from './pods-watch.js';

export interface PodCounts {
  /** Not being deleted and not finished. */
  live: number;
  /** Live and Ready. */
  ready: number;
}

export function isReady(pod: any): boolean {
  return (pod?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function countPods(pods: Iterable<any>): PodCounts {
  let live = 0;
  let ready = 0;
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp || ['Succeeded', 'Failed'].includes(p.status?.phase)) continue;
    live++;
    if (isReady(p)) ready++;
  }
  return { live, ready };
}

export interface PodWatch {
  pods: Map<string, any>;
  stop(): void;
}

/** Keeps pods (by name) current; onChange runs after the initial list and after every event. */
export async function watchPods(
  t: ApiTarget,
  namespace: string,
  labelSelector: string,
  onChange: (pods: Map<string, any>) => void,
): Promise<PodWatch> {
  const pods = new Map<string, any>();
  const w = await watchPodEvents(
    t,
    namespace,
    labelSelector,
    ({ type, object }) => {
      if (type === 'DELETED') pods.delete(object.metadata.name);
      else pods.set(object.metadata.name, object);
      onChange(pods);
    },
    (items) => {
      for (const p of items) pods.set(p.metadata.name, p);
      onChange(pods);
    },
  );
  return { pods, stop: w.stop };
}

/** One timeline line: live/bound/running/ready pods per ReplicaSet hash, and "-N" being deleted. */
export function timelineLine(pods: Iterable<any>): string {
  const by = new Map<string, [number, number, number, number, number]>();
  for (const p of pods) {
    const h = p.metadata.labels?.['pod-template-hash'] ?? '?';
    const c = by.get(h) ?? [0, 0, 0, 0, 0];
    if (p.metadata.deletionTimestamp) c[4]++;
    else {
      c[0]++;
      if (p.spec?.nodeName) c[1]++;
      if (p.status?.phase === 'Running') c[2]++;
      if (isReady(p)) c[3]++;
    }
    by.set(h, c);
  }
  return [...by]
    .map(([h, [l, b, u, r, d]]) => `${h.slice(0, 4)} ${l}/${b}/${u}/${r}${d ? ` -${d}` : ''}`)
    .join('  ');
}
