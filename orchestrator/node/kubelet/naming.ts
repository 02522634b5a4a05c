// Dockershim (cri-dockerd) container names and labels, so the node agent can rebuild its whole
// view of a pod from Docker alone after a restart.
import type { KubeObject } from '../../api/types.js';

export const LABEL = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
  dockerType: 'io.kubernetes.docker.type',
  sandboxId: 'io.kubernetes.sandbox.id',
  restartCount: 'annotation.io.kubernetes.container.restartCount',
  hash: 'annotation.io.kubernetes.container.hash',
  gracePeriod: 'annotation.io.kubernetes.pod.terminationGracePeriod',
  cluster: 'kubedeck.cluster',
  node: 'kubedeck.node',
} as const;

export const SANDBOX_CONTAINER_NAME = 'POD';

export interface NamingContext {
  cluster: string;
  node: string;
}

export interface ParsedContainer {
  kind: 'podsandbox' | 'container';
  podName: string;
  namespace: string;
  podUid: string;
  /** 'POD' for sandboxes. */
  containerName: string;
  /** Attempt in the name; for containers equals restartCount. */
  attempt: number;
  restartCount: number;
  hash?: string;
  sandboxId?: string;
  terminationGracePeriod?: number;
  cluster?: string;
  node?: string;
}

const meta = (pod: KubeObject) => ({
  name: pod.metadata.name ?? '',
  ns: pod.metadata.namespace ?? 'default',
  uid: pod.metadata.uid ?? '',
});

export function containerName(pod: KubeObject, container: string, attempt: number): string {
  const m = meta(pod);
  return `k8s_${container}_${m.name}_${m.ns}_${m.uid}_${attempt}`;
}

export function sandboxName(pod: KubeObject, attempt: number): string {
  return containerName(pod, SANDBOX_CONTAINER_NAME, attempt);
}

/** Parses a dockershim name (with or without Docker's leading '/'). Names never contain '_' in k8s. */
export function parseContainerName(
  name: string,
):
  { containerName: string; podName: string; namespace: string; podUid: string; attempt: number } | undefined {
  const parts = name.replace(/^\//, '').split('_');
  if (parts.length !== 6 || parts[0] !== 'k8s' || !/^\d+$/.test(parts[5])) return undefined;
  return {
    containerName: parts[1],
    podName: parts[2],
    namespace: parts[3],
    podUid: parts[4],
    attempt: Number(parts[5]),
  };
}

function graceOf(pod: KubeObject): string {
  const g = pod.spec?.terminationGracePeriodSeconds;
  return String(typeof g === 'number' ? g : 30);
}

export function podLabels(pod: KubeObject, ctx: NamingContext): Record<string, string> {
  const m = meta(pod);
  return {
    [LABEL.podName]: m.name,
    [LABEL.podNamespace]: m.ns,
    [LABEL.podUid]: m.uid,
    [LABEL.cluster]: ctx.cluster,
    [LABEL.node]: ctx.node,
  };
}

export function sandboxLabels(pod: KubeObject, ctx: NamingContext, attempt = 0): Record<string, string> {
  return {
    ...podLabels(pod, ctx),
    [LABEL.containerName]: SANDBOX_CONTAINER_NAME,
    [LABEL.dockerType]: 'podsandbox',
    [LABEL.restartCount]: String(attempt),
    [LABEL.gracePeriod]: graceOf(pod),
  };
}

export function containerLabels(
  pod: KubeObject,
  container: Record<string, any>,
  ctx: NamingContext & { sandboxId: string; restartCount: number },
): Record<string, string> {
  return {
    ...podLabels(pod, ctx),
    [LABEL.containerName]: String(container.name),
    [LABEL.dockerType]: 'container',
    [LABEL.sandboxId]: ctx.sandboxId,
    [LABEL.restartCount]: String(ctx.restartCount),
    [LABEL.hash]: hashContainer(container),
    [LABEL.gracePeriod]: graceOf(pod),
  };
}

/** Rebuilds identity from labels, falling back to the name for anything missing. */
export function parseLabels(labels: Record<string, string>, name = ''): ParsedContainer | undefined {
  const fromName = parseContainerName(name);
  const uid = labels[LABEL.podUid] ?? fromName?.podUid;
  const cname = labels[LABEL.containerName] ?? fromName?.containerName;
  if (!uid || !cname) return undefined;
  const type = labels[LABEL.dockerType] ?? (cname === SANDBOX_CONTAINER_NAME ? 'podsandbox' : 'container');
  const rc = Number(labels[LABEL.restartCount] ?? fromName?.attempt ?? 0);
  const grace = labels[LABEL.gracePeriod];
  return {
    kind: type === 'podsandbox' ? 'podsandbox' : 'container',
    podName: labels[LABEL.podName] ?? fromName?.podName ?? '',
    namespace: labels[LABEL.podNamespace] ?? fromName?.namespace ?? '',
    podUid: uid,
    containerName: cname,
    attempt: fromName?.attempt ?? rc,
    restartCount: Number.isFinite(rc) ? rc : 0,
    hash: labels[LABEL.hash],
    sandboxId: labels[LABEL.sandboxId],
    terminationGracePeriod: grace !== undefined && /^\d+$/.test(grace) ? Number(grace) : undefined,
    cluster: labels[LABEL.cluster],
    node: labels[LABEL.node],
  };
}

/** JSON with sorted keys, so semantically equal specs hash the same. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as any)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** FNV-32a over the container spec (upstream HashContainer), hex: a changed spec means a restart. */
export function hashContainer(container: Record<string, any>): string {
  // resources are excluded like upstream does once in-place resize exists; they do not force restarts there.
  const { resources: _r, ...rest } = container;
  const s = stableJson(rest);
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
