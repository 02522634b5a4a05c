// Node actions: cordon/uncordon patch spec.unschedulable like kubectl; stop/start/partition/heal
// are the failure simulation (`kubedeck node …`), run by the cluster's own node-ops code.
import type { Registry } from '../api/registry/registry.js';
import { badRequest, notFound } from '../api/errors.js';
import type { NodeAction, NodeActionParams, OpResult } from './contract.js';
import { kindInfo } from './kinds.js';

const NODES = kindInfo('nodes');
export type PowerAction = Exclude<NodeAction, 'cordon' | 'uncordon'>;
/** Runs a power/partition action and returns the lines it reported. */
export type NodePower = (action: PowerAction, node: string) => Promise<string[]>;

/** The default power hook: the same functions `kubedeck node stop|start|partition|heal` call. */
export function clusterNodePower(clusterName: string, env: NodeJS.ProcessEnv = process.env): NodePower {
  return async (action, node) => {
    // Loaded lazily: Docker and the cluster's state files are only touched when a button is pressed.
    const ops = await import('../cluster/node-ops.js');
    const { RecordingReporter } = await import('../cluster/reporter.js');
    const reporter = new RecordingReporter();
    const fn = { stop: ops.stopNode, start: ops.startNode, partition: ops.partitionNode, heal: ops.healNode }[
      action
    ];
    await fn({ name: clusterName, node }, { reporter, env });
    return reporter.lines;
  };
}

export async function nodeAction(
  registry: Registry,
  clusterName: string,
  power: NodePower | undefined,
  p: NodeActionParams,
): Promise<OpResult> {
  if (!p.node) throw badRequest('a node name is required');
  if (p.action === 'cordon' || p.action === 'uncordon') {
    const n = registry.tryGet(NODES, '', p.node);
    if (!n) throw notFound(NODES, p.node);
    const want = p.action === 'cordon';
    const kubectl = `kubectl ${p.action} ${p.node}`;
    if (!!n.spec?.unschedulable === want) return { kubectl, message: `node/${p.node} already ${p.action}ed` };
    registry.patch(
      NODES,
      '',
      p.node,
      'application/merge-patch+json',
      JSON.stringify({ spec: { unschedulable: want ? true : null } }),
      { fieldManager: 'kubectl-cordon' },
    );
    return { kubectl, message: `node/${p.node} ${p.action}ed` };
  }
  if (!['stop', 'start', 'partition', 'heal'].includes(p.action))
    throw badRequest(`unknown node action "${String(p.action)}"`);
  const flag = clusterName && clusterName !== 'kubedeck' ? ` --name ${clusterName}` : '';
  const lines = await (power ?? clusterNodePower(clusterName))(p.action, p.node);
  return { kubectl: `kubedeck node ${p.action} ${p.node}${flag}`, message: lines.join('\n') };
}
