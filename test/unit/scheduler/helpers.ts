// Builders shared by the scheduler tests.
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { buildNodeInfo, type NodeInfo } from '../../../orchestrator/scheduler/resources.js';

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  ready?: 'True' | 'False' | 'Unknown' | null;
  taints?: { key: string; value?: string; effect: string }[];
  labels?: Record<string, string>;
  unschedulable?: boolean;
}

export function node(name: string, s: NodeSpec = {}): KubeObject {
  const alloc = { cpu: s.cpu ?? '2', memory: s.memory ?? '4Gi', pods: s.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(s.labels ?? {}) } },
    spec: { ...(s.taints ? { taints: s.taints } : {}), ...(s.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions:
        s.ready === null ? [] : [{ type: 'Ready', status: s.ready ?? 'True', reason: 'KubeletReady' }],
    },
  };
}

export const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

export function controlPlane(): KubeObject {
  return node('kubedeck-control-plane', {
    taints: [CONTROL_PLANE_TAINT],
    labels: { 'node-role.kubernetes.io/control-plane': '' },
  });
}

export function pod(
  name: string,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ...meta },
    spec: { containers: [{ name: 'c', image: 'nginx:1' }], ...spec },
  };
}

export function withCpu(cpu: string, memory?: string): Record<string, unknown> {
  return {
    containers: [
      { name: 'c', image: 'nginx:1', resources: { requests: { cpu, ...(memory ? { memory } : {}) } } },
    ],
  };
}

export function info(n: KubeObject, pods: KubeObject[] = []): NodeInfo {
  return buildNodeInfo(n, pods);
}
