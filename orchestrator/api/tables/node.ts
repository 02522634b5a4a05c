// Node rows (upstream printNode): Ready/NotReady/Unknown, SchedulingDisabled and role labels.
import type { KubeObject } from '../types.js';
import { META_CREATION, META_NAME, NODE } from './descriptions.js';
import { since } from './duration.js';
import { col, type Printer } from './types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

export function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  // Upstream keys conditions by type, so the last Ready condition wins.
  let ready: { status?: string } | undefined;
  for (const c of node.status?.conditions ?? []) if (c.type === 'Ready') ready = c;
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

function address(node: KubeObject, type: string): string {
  const a = (node.status?.addresses ?? []).find((x: any) => x.type === type);
  return a ? a.address : '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Status', 'string', NODE.status),
    col('Roles', 'string', NODE.roles),
    col('Age', 'string', META_CREATION),
    col('Version', 'string', NODE.kubeletVersion),
    col('Internal-IP', 'string', NODE.addresses, 1),
    col('External-IP', 'string', NODE.addresses, 1),
    col('OS-Image', 'string', NODE.osImage, 1),
    col('Kernel-Version', 'string', NODE.kernelVersion, 1),
    col('Container-Runtime', 'string', NODE.containerRuntimeVersion, 1),
  ],
  row(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return {
      cells: [
        node.metadata.name ?? '',
        nodeStatus(node),
        nodeRoles(node),
        since(node.metadata.creationTimestamp, now),
        info.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};
