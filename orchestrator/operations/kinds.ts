// Maps the UI's kind names onto the API's resource table.
import { findResource, RESOURCES } from '../api/resources.js';
import { badRequest } from '../api/errors.js';
import type { ResourceInfo } from '../api/types.js';
import { UI_KINDS, type UiKind } from '../contract/index.js';

const GROUPS: Record<UiKind, [string, string]> = {
  namespaces: ['', 'v1'],
  nodes: ['', 'v1'],
  pods: ['', 'v1'],
  deployments: ['apps', 'v1'],
  replicasets: ['apps', 'v1'],
  services: ['', 'v1'],
  endpoints: ['', 'v1'],
  configmaps: ['', 'v1'],
  secrets: ['', 'v1'],
  events: ['', 'v1'],
  horizontalpodautoscalers: ['autoscaling', 'v2'],
};

export function kindInfo(kind: UiKind): ResourceInfo {
  if (!(UI_KINDS as readonly string[]).includes(kind)) throw badRequest(`unknown kind "${String(kind)}"`);
  const [group, version] = GROUPS[kind];
  return findResource(group, version, kind)!;
}

/** The resource for an apiVersion/kind pair from a manifest (preferred version first). */
export function infoForManifest(apiVersion: string, kind: string): ResourceInfo | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return RESOURCES.find((r) => r.group === group && r.version === version && r.kind === kind);
}

/** "deployment.apps" / "pod": how kubectl names a resource type in its messages. */
export function typeName(info: ResourceInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}

/** "-n NS" unless cluster-scoped; the namespace flag every kubectl equivalent carries. */
export function nsFlag(info: ResourceInfo, namespace: string | undefined): string {
  return info.namespaced && namespace ? ` -n ${namespace}` : '';
}
