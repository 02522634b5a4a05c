// Node operations: cordon/uncordon patch spec.unschedulable like kubectl; stop/start/partition/heal
// are the failure simulation and add/remove the membership (`kubedeck node …`), run through the
// hooks the composition root hands in (controlplane/node-hooks.ts). Drain is in node-drain.ts,
// usage in node-usage.ts.
import type { Registry } from '../api/registry/registry.js';
import { badRequest, notFound, StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import { nameFlag } from '../contract/index.js';
import { isCpuQuantity, isNodeMemoryQuantity } from '../config/settings.js';
import type {
  AddNodeParams,
  AddNodeResult,
  NodeAction,
  NodeActionParams,
  OpResult,
} from '../contract/index.js';
import { kindInfo } from './kinds.js';

const NODES = kindInfo('nodes');
export type PowerAction = Exclude<NodeAction, 'cordon' | 'uncordon'>;
/** Runs a power/partition action and returns the lines it reported. */
export type NodePower = (action: PowerAction, node: string) => Promise<string[]>;
/** Adds or removes a worker (Docker container + Node); tests inject a fake. */
export interface NodeMembership {
  add(opts: AddNodeParams): Promise<{ node: string; lines: string[] }>;
  remove(node: string): Promise<string[]>;
}

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Whether the node carries the control-plane role label. */
export function isControlPlane(node: KubeObject): boolean {
  return CONTROL_PLANE_LABEL in (node.metadata.labels ?? {});
}

/** Whether the node's Ready condition is True. */
export function isNodeReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Neither hook was handed in: this process runs no cluster whose nodes it could act on. */
function noNodeHooks(what: string): StatusError {
  return new StatusError(
    503,
    'ServiceUnavailable',
    `node ${what} is not available here: no cluster lifecycle was wired in`,
  );
}

/** Membership when none was handed in: add and remove answer 503. */
export const NO_NODE_MEMBERSHIP: NodeMembership = {
  add: () => Promise.reject(noNodeHooks('add')),
  remove: () => Promise.reject(noNodeHooks('rm')),
};

/** Sets spec.unschedulable like kubectl cordon/uncordon; false when it already was (drain uses it). */
export function cordon(registry: Registry, name: string, want: boolean): boolean {
  const n = registry.tryGet(NODES, '', name);
  if (!n) throw notFound(NODES, name);
  if (!!n.spec?.unschedulable === want) return false;
  registry.patch(
    NODES,
    '',
    name,
    'application/merge-patch+json',
    JSON.stringify({ spec: { unschedulable: want ? true : null } }),
    { fieldManager: 'kubectl-cordon' },
  );
  return true;
}

export async function nodeAction(
  registry: Registry,
  clusterName: string,
  power: NodePower | undefined,
  p: NodeActionParams,
): Promise<OpResult> {
  if (!p.node) throw badRequest('a node name is required');
  if (p.action === 'cordon' || p.action === 'uncordon') {
    const kubectl = `kubectl ${p.action} ${p.node}`;
    const changed = cordon(registry, p.node, p.action === 'cordon');
    return { kubectl, message: `node/${p.node} ${changed ? '' : 'already '}${p.action}ed` };
  }
  if (!['stop', 'start', 'partition', 'heal'].includes(p.action))
    throw badRequest(`unknown node action "${String(p.action)}"`);
  if (!power) throw noNodeHooks(p.action);
  const lines = await power(p.action, p.node);
  return {
    kubectl: `kubedeck node ${p.action} ${p.node}${nameFlag(clusterName)}`,
    message: lines.join('\n'),
  };
}

// ---- add / remove ----------------------------------------------------------------------------

export async function addNode(
  clusterName: string,
  membership: NodeMembership,
  p: AddNodeParams,
): Promise<AddNodeResult> {
  const cpus = p.cpus?.trim() || undefined;
  const memory = p.memory?.trim() || undefined;
  // The CLI's own checks, so the dialog gets the same answer before any container is made.
  if (cpus && !isCpuQuantity(cpus))
    throw badRequest(`invalid --cpus "${cpus}": must be a CPU quantity like 2, 1.5 or 500m`);
  if (memory && !isNodeMemoryQuantity(memory))
    throw badRequest(`invalid --memory "${memory}": must be a memory quantity like 2Gi or 512Mi`);
  const kubectl = `kubedeck node add${cpus ? ` --cpus ${cpus}` : ''}${memory ? ` --memory ${memory}` : ''}${nameFlag(clusterName)}`;
  const { node, lines } = await membership.add({ cpus, memory });
  return { kubectl, node, steps: lines, message: `Node ${node} joined and is Ready` };
}

export async function removeNode(
  registry: Registry,
  clusterName: string,
  membership: NodeMembership,
  p: { name: string },
): Promise<OpResult> {
  if (!p.name) throw badRequest('a node name is required');
  const n = registry.tryGet(NODES, '', p.name);
  if (n && isControlPlane(n))
    throw new StatusError(
      403,
      'Forbidden',
      `${p.name} is the control plane and cannot be removed; stop the whole cluster with \`kubedeck stop${nameFlag(clusterName)}\``,
    );
  const lines = await membership.remove(p.name);
  return { kubectl: `kubedeck node rm ${p.name}${nameFlag(clusterName)}`, message: lines.join('\n') };
}
