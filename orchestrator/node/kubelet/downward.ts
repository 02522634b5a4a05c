// Downward API values (fieldRef / resourceFieldRef), shared by env vars and downwardAPI volumes.
import type { KubeObject } from '../../api/types.js';
import { parseQuantityMilli } from '../../api/validation/quantity.js';

export interface PodRuntimeFacts {
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
  /** Node allocatable, used when a container sets no limit (upstream behaviour). */
  nodeAllocatable?: { cpu?: string; memory?: string; 'ephemeral-storage'?: string };
}

export class DownwardError extends Error {}

/** Upstream's sorted `key="value"` lines for metadata.labels / metadata.annotations in volumes. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** Value of a fieldRef path; `volume` allows whole-map paths only volumes accept. */
export function resolveFieldRef(
  pod: KubeObject,
  fieldPath: string,
  facts: PodRuntimeFacts,
  volume = false,
): string {
  const m = subscript.exec(fieldPath);
  if (m) return (pod.metadata[m[1]] ?? {})[m[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? facts.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return facts.podIP ?? '';
    case 'status.podIPs':
      return facts.podIP ?? '';
    case 'status.hostIP':
      return facts.hostIP ?? '';
    case 'status.hostIPs':
      return facts.hostIP ?? '';
  }
  if (volume && fieldPath === 'metadata.labels') return formatMap(pod.metadata.labels);
  if (volume && fieldPath === 'metadata.annotations') return formatMap(pod.metadata.annotations);
  throw new DownwardError(`unsupported fieldPath: ${fieldPath}`);
}

function findContainer(pod: KubeObject, name: string | undefined): Record<string, any> | undefined {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return name ? all.find((c: any) => c.name === name) : all[0];
}

/** resourceFieldRef: ceil(quantity / divisor), falling back to node allocatable for unset limits. */
export function resolveResourceFieldRef(
  pod: KubeObject,
  ref: { containerName?: string; resource: string; divisor?: string | number },
  facts: PodRuntimeFacts,
  self?: Record<string, any>,
): string {
  const c = ref.containerName || !self ? findContainer(pod, ref.containerName) : self;
  if (!c) throw new DownwardError(`container ${ref.containerName} not found`);
  const [kind, res] = ref.resource.split('.') as ['limits' | 'requests', string];
  if ((kind !== 'limits' && kind !== 'requests') || !res)
    throw new DownwardError(`unsupported container resource : ${ref.resource}`);
  let q: unknown = c.resources?.[kind]?.[res];
  if (q === undefined && kind === 'limits') q = facts.nodeAllocatable?.[res as 'cpu'];
  if (q === undefined && kind === 'requests') q = 0;
  const valueMilli =
    typeof q === 'string' || typeof q === 'number' ? (parseQuantityMilli(String(q)) ?? 0n) : 0n;
  const divRaw = ref.divisor === undefined || String(ref.divisor) === '0' ? '1' : String(ref.divisor);
  const divMilli = parseQuantityMilli(divRaw) ?? 1000n;
  if (divMilli <= 0n) return '0';
  let out = valueMilli / divMilli;
  if (valueMilli % divMilli !== 0n) out += 1n;
  return out.toString();
}
