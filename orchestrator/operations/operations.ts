// The operations API over an in-process Registry (the control plane's). Used by the web
// dashboard server and by Electron's main process alike; it never imports Electron.
import { stringify } from 'yaml';
import type { Registry } from '../api/registry/registry.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { applyYaml } from './apply.js';
import { clusterOperations } from './cluster.js';
import type { ClusterLifecycle } from './cluster-lifecycle.js';
import { diffManifest } from './diff.js';
import type { LogParams, OperationsApi, UiKind, WatchMessage } from '../contract/index.js';
import { createDeployment, rolloutRestart, rolloutUndo, scale, setImage } from './deployments.js';
import { kindInfo, nsFlag, typeName } from './kinds.js';
import { openLogs } from './logs.js';
import { expose } from './expose.js';
import { drainNode, type DrainDeps } from './node-drain.js';
import { nodeUsage } from './node-usage.js';
import {
  addNode,
  isControlPlane,
  isNodeReady,
  nodeAction,
  removeNode,
  NO_NODE_MEMBERSHIP,
  type NodeMembership,
  type NodePower,
} from './nodes.js';
import { rolloutHistory, rolloutPause, rolloutResume } from './rollout.js';
import { forUi } from './strip.js';
import { watchKind, type WatchOptions } from './watch.js';

export interface OperationsContext {
  registry: Registry;
  clusterName: string;
  runtime?: ContainerRuntime;
  version?: string;
  watch?: WatchOptions;
  /** Node power/partition hook (controlplane/node-hooks.ts; tests inject one); absent: 503. */
  nodePower?: NodePower;
  /** Node add/remove hook (controlplane/node-hooks.ts; tests inject one); absent: 503. */
  nodeMembership?: NodeMembership;
  /** Drain's wait loop (tests shorten it). */
  drain?: DrainDeps;
  /** State root of the cluster (default $KUBEDECK_HOME or ~/.kubedeck); tests use a temp dir. */
  home?: string;
  /** Stop/restart/reset for this shell; inside the daemon they run the CLI detached. */
  lifecycle?: ClusterLifecycle;
}

/** Request/response operations plus the two streams (watch, logs) each shell carries its own way. */
export interface Operations extends OperationsApi {
  watch(
    id: string,
    kind: UiKind,
    namespace: string | undefined,
    send: (m: WatchMessage) => void,
  ): { stop(): void };
  logs(params: LogParams): Promise<NodeJS.ReadableStream>;
}

const CASCADE: Record<string, 'Background' | 'Foreground' | 'Orphan'> = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
};

export function createOperations(ctx: OperationsContext): Operations {
  const { registry } = ctx;
  // Sync work as promises: one shape for every shell, and a throw becomes a rejection.
  // eslint-disable-next-line @typescript-eslint/require-await
  const run = async <T>(fn: () => T): Promise<T> => fn();
  const membership = () => ctx.nodeMembership ?? NO_NODE_MEMBERSHIP;
  return {
    ...clusterOperations(ctx),
    clusterStatus: () =>
      run(() => ({
        name: ctx.clusterName,
        version: ctx.version ?? '',
        nodes: registry.list(kindInfo('nodes'), undefined).items.map((n) => ({
          name: n.metadata.name!,
          ready: isNodeReady(n),
          controlPlane: isControlPlane(n),
        })),
      })),
    list: (p) =>
      run(() => {
        const info = kindInfo(p.kind);
        const res = registry.list(info, info.namespaced ? p.namespace || undefined : undefined);
        return { items: res.items.map(forUi), resourceVersion: res.resourceVersion };
      }),
    getYaml: (p) =>
      run(() => {
        const info = kindInfo(p.kind);
        const obj = forUi(registry.get(info, p.namespace ?? '', p.name));
        return {
          yaml: stringify(obj),
          kubectl: `kubectl get ${typeName(info)} ${p.name}${nsFlag(info, p.namespace)} -o yaml`,
          message: '',
        };
      }),
    applyYaml: (p) => run(() => applyYaml(registry, p)),
    diffManifest: (p) => run(() => diffManifest(registry, p)),
    createDeployment: (p) => run(() => createDeployment(registry, p)),
    scale: (p) => run(() => scale(registry, p)),
    setImage: (p) => run(() => setImage(registry, p)),
    rolloutUndo: (p) => run(() => rolloutUndo(registry, p)),
    rolloutRestart: (p) => run(() => rolloutRestart(registry, p)),
    rolloutHistory: (p) => run(() => rolloutHistory(registry, p)),
    rolloutPause: (p) => run(() => rolloutPause(registry, p)),
    rolloutResume: (p) => run(() => rolloutResume(registry, p)),
    expose: (p) => run(() => expose(registry, p)),
    nodeAction: (p) => nodeAction(registry, ctx.clusterName, ctx.nodePower, p),
    addNode: (p) => addNode(ctx.clusterName, membership(), p),
    removeNode: (p) => removeNode(registry, ctx.clusterName, membership(), p),
    drainNode: (p) => drainNode(registry, p, ctx.drain),
    nodeUsage: (p) => run(() => nodeUsage(registry, p)),
    delete: (p) =>
      run(() => {
        const info = kindInfo(p.kind);
        const cascade = p.cascade ?? 'background';
        registry.delete(info, p.namespace ?? '', p.name, { propagationPolicy: CASCADE[cascade] });
        const flag = cascade === 'background' ? '' : ` --cascade=${cascade}`;
        return {
          kubectl: `kubectl delete ${typeName(info)} ${p.name}${nsFlag(info, p.namespace)}${flag}`,
          message: `${typeName(info)} "${p.name}" deleted`,
        };
      }),
    watch: (id, kind, namespace, send) => watchKind(registry, id, kind, namespace, send, ctx.watch),
    logs: (p) => openLogs(registry, ctx.runtime, p),
  };
}
