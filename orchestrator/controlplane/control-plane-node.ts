// The `kubedeck-control-plane` Node: stands for the in-app control plane. Ready while the
// control plane runs, role control-plane, and tainted NoSchedule so workloads go to workers.
// It has no container to run pods in: it offers 0 pods and its kubelet (control-plane-kubelet.ts)
// rejects any pod bound to it, so such pods fail and delete like upstream's instead of hanging.
import os from 'node:os';
import { findResource } from '../api/resources.js';
import type { Registry } from '../api/registry/registry.js';
import { nowRfc3339 } from '../api/registry/meta.js';
import { KUBELET_VERSION } from '../node/agent/version.js';
import type { KubeObject } from '../api/types.js';
import { CONTROL_PLANE_NODE } from '../config/names.js';
import { CONTROL_PLANE_ALLOCATABLE_PODS, runControlPlaneKubelet } from './control-plane-kubelet.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;

const arch = () => (os.arch() === 'x64' ? 'amd64' : os.arch());

function status(prev: KubeObject | undefined, ip: string): Record<string, any> {
  const t = nowRfc3339();
  const old = prev?.status?.conditions?.find((c: any) => c.type === 'Ready');
  const cap = {
    cpu: String(os.cpus().length),
    memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
    pods: String(CONTROL_PLANE_ALLOCATABLE_PODS),
    'ephemeral-storage': '100Gi',
  };
  return {
    capacity: cap,
    allocatable: cap,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: t,
        lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : t,
        reason: 'KubeletReady',
        message: 'the Kubedeck control plane is running',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: ip },
      { type: 'Hostname', address: CONTROL_PLANE_NODE },
    ],
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: os.release(),
      osImage: `${os.type()} ${os.release()}`,
      containerRuntimeVersion: '',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: os.platform(),
      architecture: arch(),
    },
  };
}

/** Creates or refreshes the control-plane Node and its Lease, runs its kubelet; returns a stop function. */
export function runControlPlaneNode(registry: Registry, ip: string, heartbeatMs = 10_000): () => void {
  const beat = () => {
    const existing = registry.tryGet(NODES, '', CONTROL_PLANE_NODE);
    if (!existing) {
      registry.create(
        NODES,
        '',
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name: CONTROL_PLANE_NODE,
            labels: {
              'kubernetes.io/hostname': CONTROL_PLANE_NODE,
              'kubernetes.io/os': 'linux',
              'kubernetes.io/arch': arch(),
              'node-role.kubernetes.io/control-plane': '',
            },
          },
          spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
          status: status(undefined, ip),
        },
        { fieldManager: 'kubedeck' },
      );
    } else {
      registry.update(
        NODES,
        '',
        CONTROL_PLANE_NODE,
        { ...existing, status: status(existing, ip) },
        { fieldManager: 'kubedeck' },
        'status',
      );
    }
    const renewTime = new Date().toISOString().replace(/Z$/, '000Z');
    const lease = registry.tryGet(LEASES, 'kube-node-lease', CONTROL_PLANE_NODE);
    const spec = { holderIdentity: CONTROL_PLANE_NODE, leaseDurationSeconds: 40, renewTime };
    if (lease)
      registry.update(
        LEASES,
        'kube-node-lease',
        CONTROL_PLANE_NODE,
        { ...lease, spec },
        { fieldManager: 'kubedeck' },
      );
    else {
      registry.create(
        LEASES,
        'kube-node-lease',
        { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: CONTROL_PLANE_NODE }, spec },
        { fieldManager: 'kubedeck' },
      );
    }
  };
  beat();
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();
  const stopKubelet = runControlPlaneKubelet(registry, CONTROL_PLANE_NODE);
  return () => {
    clearInterval(timer);
    stopKubelet();
  };
}
