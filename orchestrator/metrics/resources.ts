// The metrics.k8s.io resources as discovery lists them. They are computed, not stored, so they
// live outside RESOURCES (no storage, no informers, no namespace cleanup touches them).
import type { ResourceInfo } from '../api/types.js';

const READ = ['get', 'list'];

function virtual(resource: string, kind: string, namespaced: boolean): ResourceInfo {
  return {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    resource,
    kind,
    namespaced,
    singular: '',
    verbs: READ,
    storage: `metrics.k8s.io/${resource}`,
    storageVersion: 'v1beta1',
  };
}

export const METRICS_RESOURCES: ResourceInfo[] = [
  virtual('nodes', 'NodeMetrics', false),
  virtual('pods', 'PodMetrics', true),
];
