// Fixtures for the node lifecycle tests: an in-memory registry with worker nodes, leases and pods.
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import { Store } from '../../../../orchestrator/storage/store.js';
import { defaultTolerationSeconds } from '../../../../orchestrator/api/admission/default-tolerations.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';

export const NODES = findResource('', 'v1', 'nodes')!;
export const PODS = findResource('', 'v1', 'pods')!;
export const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
export const EVENTS = findResource('', 'v1', 'events')!;

export function newRegistry(tolerationSeconds = 300): Registry {
  const reg = new Registry(Store.open(':memory:'), {
    admission: [defaultTolerationSeconds(tolerationSeconds)],
  });
  reg.bootstrap();
  return reg;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A Ready worker as the agent posts it, heartbeat at `at`. */
export function addNode(reg: Registry, name: string, at: number): KubeObject {
  reg.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} });
  return heartbeat(reg, name, at);
}

export function heartbeat(reg: Registry, name: string, at: number, status = 'True'): KubeObject {
  const node = reg.get(NODES, '', name);
  const conditions = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
    type,
    status: type === 'Ready' ? status : 'False',
    reason: 'KubeletReady',
    message: 'ok',
    lastHeartbeatTime: iso(at),
    lastTransitionTime: iso(0),
  }));
  return reg.update(NODES, '', name, { ...node, status: { ...node.status, conditions } }, {}, 'status');
}

export function renewLease(reg: Registry, name: string, at: number): void {
  const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date(at).toISOString() };
  const lease = reg.tryGet(LEASES, 'kube-node-lease', name);
  if (lease) reg.update(LEASES, 'kube-node-lease', name, { ...lease, spec });
  else
    reg.create(LEASES, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name },
      spec,
    });
}

/** A running, Ready pod bound to `node`. */
export function addPod(reg: Registry, name: string, node: string, tolerations?: any[]): KubeObject {
  const pod = reg.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: node,
      containers: [{ name: 'c', image: 'busybox' }],
      ...(tolerations ? { tolerations } : {}),
    },
  });
  return reg.update(
    PODS,
    'default',
    name,
    {
      ...pod,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(0) }],
      },
    },
    {},
    'status',
  );
}

export function readyOf(obj: KubeObject): any {
  return (obj.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

export function eventsFor(reg: Registry, name: string): KubeObject[] {
  return reg.list(EVENTS, undefined).items.filter((e: any) => e.involvedObject?.name === name);
}
