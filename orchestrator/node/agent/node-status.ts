// Registers this node's Node object, then keeps its Lease and status fresh (upstream kubelet:
// Lease renewed every 10 s, status posted on change and at least every heartbeat).
import os from 'node:os';
import type { ContainerRuntime, RuntimeVersion } from '../../runtime/types.js';
import { ApiError, type ApiClient } from './api-client.js';
import type { AgentConfig } from './config.js';
import { KUBELET_VERSION } from './version.js';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const nowMicro = () => new Date().toISOString().replace(/Z$/, '000Z');

export interface NodeFacts {
  internalIP: string;
  runtime: RuntimeVersion;
}

function conditions(prev: any[] | undefined): any[] {
  const t = now();
  const keep = (type: string) => prev?.find((c) => c.type === type);
  const cond = (type: string, status: string, reason: string, message: string) => {
    const old = keep(type);
    return {
      type,
      status,
      lastHeartbeatTime: t,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : t,
      reason,
      message,
    };
  };
  return [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function nodeStatus(cfg: AgentConfig, facts: NodeFacts, prev?: any): any {
  const cap = {
    cpu: cfg.settings.capacity.cpu,
    memory: cfg.settings.capacity.memory,
    pods: cfg.settings.capacity.pods,
    'ephemeral-storage': '100Gi',
  };
  return {
    capacity: cap,
    allocatable: cap,
    conditions: conditions(prev?.conditions),
    addresses: [
      { type: 'InternalIP', address: facts.internalIP },
      { type: 'Hostname', address: cfg.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: facts.runtime.kernelVersion,
      osImage: facts.runtime.operatingSystem,
      containerRuntimeVersion: `docker://${facts.runtime.version}`,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: os.arch() === 'x64' ? 'amd64' : os.arch(),
    },
  };
}

export function nodeObject(cfg: AgentConfig, facts: NodeFacts): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.nodeName,
      labels: {
        'kubernetes.io/hostname': cfg.nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': os.arch() === 'x64' ? 'amd64' : os.arch(),
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': os.arch() === 'x64' ? 'amd64' : os.arch(),
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kubedeck.dev/cluster': cfg.cluster },
    },
    spec: {},
    status: nodeStatus(cfg, facts),
  };
}

/** The node container's own IP on the cluster network (its hostname is the node name). */
export async function discoverFacts(cfg: AgentConfig, runtime: ContainerRuntime): Promise<NodeFacts> {
  const self = await runtime.inspectContainer(os.hostname());
  const ip = self?.ips[cfg.network] ?? firstIPv4();
  return { internalIP: ip, runtime: await runtime.version() };
}

function firstIPv4(): string {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export async function registerNode(api: ApiClient, cfg: AgentConfig, facts: NodeFacts): Promise<void> {
  try {
    await api.request('POST', '/api/v1/nodes?fieldManager=kubelet', nodeObject(cfg, facts));
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
  await updateNodeStatus(api, cfg, facts);
}

export async function updateNodeStatus(api: ApiClient, cfg: AgentConfig, facts: NodeFacts): Promise<void> {
  const current = await api.get(`/api/v1/nodes/${cfg.nodeName}`);
  const status = nodeStatus(cfg, facts, current.status);
  await api.request(
    'PATCH',
    `/api/v1/nodes/${cfg.nodeName}/status?fieldManager=kubelet`,
    { status },
    'application/merge-patch+json',
  );
}

export async function renewLease(api: ApiClient, cfg: AgentConfig, durationSeconds = 40): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${cfg.nodeName}`;
  const spec = { holderIdentity: cfg.nodeName, leaseDurationSeconds: durationSeconds, renewTime: nowMicro() };
  try {
    await api.request('PATCH', `${path}?fieldManager=kubelet`, { spec }, 'application/merge-patch+json');
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
    await api.request(
      'POST',
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases?fieldManager=kubelet',
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: cfg.nodeName, namespace: 'kube-node-lease' },
        spec,
      },
    );
  }
}
