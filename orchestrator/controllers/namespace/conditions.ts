// Namespace deletion conditions as upstream's namespaced_resources_deleter.go writes them.
import type { KubeObject } from '../../api/types.js';

export interface NsCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface DeletionProgress {
  /** Delete calls that failed, as messages. */
  failures: string[];
  /** resource plural → objects still present. */
  remaining: Map<string, number>;
  /** finalizer → objects still carrying it. */
  finalizers: Map<string, number>;
}

export function deletionConditions(p: DeletionProgress): Omit<NsCondition, 'lastTransitionTime'>[] {
  const remaining = [...p.remaining].sort(([a], [b]) => a.localeCompare(b));
  const finalizers = [...p.finalizers].sort(([a], [b]) => a.localeCompare(b));
  return [
    {
      type: 'NamespaceDeletionDiscoveryFailure',
      status: 'False',
      reason: 'ResourcesDiscovered',
      message: 'All resources successfully discovered',
    },
    {
      type: 'NamespaceDeletionGroupVersionParsingFailure',
      status: 'False',
      reason: 'ParsedGroupVersions',
      message: 'All legacy kube types successfully parsed',
    },
    p.failures.length
      ? {
          type: 'NamespaceDeletionContentFailure',
          status: 'True',
          reason: 'ContentDeletionFailed',
          message: `Failed to delete all resource types, ${p.failures.length} remaining: ${p.failures.join(', ')}`,
        }
      : {
          type: 'NamespaceDeletionContentFailure',
          status: 'False',
          reason: 'ContentDeleted',
          message: 'All content successfully deleted, may be waiting on finalization',
        },
    remaining.length
      ? {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: `Some resources are remaining: ${remaining.map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`,
        }
      : {
          type: 'NamespaceContentRemaining',
          status: 'False',
          reason: 'ContentRemoved',
          message: 'All content successfully removed',
        },
    finalizers.length
      ? {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${finalizers.map(([f, n]) => `${f} in ${n} resource instances`).join(', ')}`,
        }
      : {
          type: 'NamespaceFinalizersRemaining',
          status: 'False',
          reason: 'ContentHasNoFinalizers',
          message: 'All content-preserving finalizers finished',
        },
  ];
}

/** Merges new conditions into the namespace's, keeping lastTransitionTime when status is unchanged. */
export function mergeConditions(
  ns: KubeObject,
  next: Omit<NsCondition, 'lastTransitionTime'>[],
  now: string,
): NsCondition[] {
  const old = (ns.status?.conditions ?? []) as NsCondition[];
  return next.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    return { ...c, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
  });
}
