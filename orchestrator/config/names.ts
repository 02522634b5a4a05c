// Names and labels of the Docker objects a cluster owns. Every object carries kubedeck.cluster=<name>
// so stop/delete can find all of them (node containers, pod containers, network, volumes).
import { settingRow } from './settings-table.js';
export const LABEL_CLUSTER = 'kubedeck.cluster';
export const LABEL_ROLE = 'kubedeck.role';
export const LABEL_NODE = 'kubedeck.node';
/** Hash of a node container's desired spec: a different one means "recreate". */
export const LABEL_SPEC = 'kubedeck.spec';
export const ROLE_NODE = 'node';
/** The Node that stands for the in-process control plane (it runs no pods). */
export const CONTROL_PLANE_NODE = 'kubedeck-control-plane';

/** Worker nodes a fresh cluster gets when neither --nodes nor the config file says (the table's). */
export const DEFAULT_NODES = settingRow('nodes').default as number;

/** The cluster's bridge network: `kubedeck-<cluster>`. */
export function networkName(cluster: string): string {
  return `kubedeck-${cluster}`;
}

/**
 * Worker i (1-based) like kind: `<cluster>-worker`, `<cluster>-worker2`, … so the default cluster
 * gets kubedeck-worker, kubedeck-worker2. Node name = container name = hostname (unique per engine).
 */
export function nodeName(cluster: string, index: number): string {
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`node index must be ≥ 1, got ${index}`);
  return `${cluster}-worker${index === 1 ? '' : index}`;
}

export function nodeNames(cluster: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nodeName(cluster, i + 1));
}

/** The Kubernetes user a node's token authenticates as (upstream's node identity). */
export function nodeUser(node: string): string {
  return `system:node:${node}`;
}

export function clusterLabels(cluster: string): Record<string, string> {
  return { [LABEL_CLUSTER]: cluster };
}

export function nodeLabels(cluster: string, node: string): Record<string, string> {
  return { [LABEL_CLUSTER]: cluster, [LABEL_ROLE]: ROLE_NODE, [LABEL_NODE]: node };
}
