// The Cluster screen's operations: what the cluster is and runs with (clusterInfo), the Docker
// engine (docker-status.ts), saving settings for the next `kubedeck start` (cluster-settings.ts),
// and stop / restart / reset (cluster-lifecycle.ts). Settings live in the cluster's config.json
// (what `start` and the daemon read) and are mirrored to cluster.yaml in the state dir.
import type { Registry } from '../api/registry/registry.js';
import { StatusError } from '../api/errors.js';
import { KUBE_GIT_VERSION } from '../apiserver/version.js';
import { nameFlag } from '../contract/index.js';
import { writeClusterConfig, type ClusterConfig } from '../cluster/cluster-config.js';
import { writeFileAtomic } from '../cluster/fs-atomic.js';
import { readLock } from '../cluster/lock.js';
import { clusterPaths, kubedeckHome } from '../config/paths.js';
import { apiUrl } from '../cluster/state.js';
import type {
  ClusterInfo,
  DockerStatus,
  LifecycleAction,
  LifecycleResult,
  SaveClusterSettingsParams,
  SaveClusterSettingsResult,
} from '../contract/index.js';
import { daemonLifecycle, type ClusterLifecycle } from './cluster-lifecycle.js';
import {
  checkSettings,
  effectiveSettings,
  safeConfig,
  settingsFilePath,
  settingsYaml,
  snapshot,
} from './cluster-settings.js';
import { dockerStatus } from './docker-status.js';
import { kindInfo } from './kinds.js';
import { isControlPlane, isNodeReady } from './nodes.js';

export interface ClusterOpsContext {
  registry: Registry;
  clusterName: string;
  version?: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
  lifecycle?: ClusterLifecycle;
}

export type ClusterOperations = {
  clusterInfo: () => Promise<ClusterInfo>;
  dockerStatus: () => Promise<DockerStatus>;
  saveClusterSettings: (p: SaveClusterSettingsParams) => Promise<SaveClusterSettingsResult>;
  stopCluster: () => Promise<LifecycleResult>;
  restartCluster: () => Promise<LifecycleResult>;
  resetCluster: (p: { confirm: string }) => Promise<LifecycleResult>;
};

export function clusterOperations(ctx: ClusterOpsContext): ClusterOperations {
  const env = ctx.env ?? process.env;
  const paths = clusterPaths(ctx.clusterName, ctx.home ?? kubedeckHome(env));
  const flag = nameFlag(paths.name);
  // What this control plane was started with: saved changes apply only on the next start.
  const applied = snapshot(safeConfig(paths));
  const lifecycle = ctx.lifecycle ?? daemonLifecycle(paths, env);

  const lifecycleOp = async (action: LifecycleAction, kubectl: string): Promise<LifecycleResult> => {
    if (!lifecycle) {
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `this shell cannot ${action} the cluster it runs in; run \`${kubectl}\` in a terminal`,
      );
    }
    const steps = await lifecycle.run(action);
    return {
      kubectl,
      steps,
      endsConnection: lifecycle.endsConnection,
      message: lifecycle.endsConnection
        ? `${cap(action)} requested: this page loses its connection while the control plane stops`
        : `Cluster ${action === 'stop' ? 'stopped' : action === 'restart' ? 'restarted' : 'reset'}`,
    };
  };

  return {
    async clusterInfo() {
      const config = safeConfig(paths);
      const lock = readLock(paths.lock);
      const nodes = ctx.registry.list(kindInfo('nodes'), undefined).items;
      const workers = nodes.filter((n) => !isControlPlane(n));
      const saved = snapshot(config);
      return {
        kubectl: 'kubectl cluster-info',
        message: '',
        name: paths.name,
        state: 'running', // this very control plane answers
        apiServer: lock?.url ?? (config ? apiUrl(config.port) : ''),
        version: ctx.version ?? KUBE_GIT_VERSION,
        pid: lock?.pid,
        startedAt: lock?.startedAt,
        stateDir: paths.dir,
        configFile: settingsFilePath(paths),
        nodes: {
          configured: saved.nodes,
          registered: workers.length,
          ready: workers.filter(isNodeReady).length,
        },
        settings: saved.settings,
        effective: effectiveSettings(applied.settings, applied.nodes),
        restartNeeded: JSON.stringify(saved) !== JSON.stringify(applied),
        docker: await dockerStatus(paths.name, env),
        lifecycle: { available: !!lifecycle, endsConnection: lifecycle?.endsConnection ?? false },
        commands: {
          status: `kubedeck status${flag}`,
          nodes: 'kubectl get nodes -o wide',
          version: 'kubectl version',
          settings: `cat ${settingsFilePath(paths)}`,
          docker: 'docker version',
          containers: `docker ps -a --filter label=kubedeck.cluster=${paths.name}`,
        },
      };
    },
    dockerStatus: () => dockerStatus(paths.name, env),
    // eslint-disable-next-line @typescript-eslint/require-await
    async saveClusterSettings(p) {
      const { nodes, settings } = checkSettings(p);
      const config = safeConfig(paths);
      if (!config) {
        throw new StatusError(404, 'NotFound', `cluster "${paths.name}" has no state in ${paths.dir}`);
      }
      // The YAML first, then config.json (what start reads): each write is temp file + rename.
      const file = settingsFilePath(paths);
      writeFileAtomic(file, settingsYaml(paths.name, nodes, settings), 0o644);
      const next: ClusterConfig = { ...config, nodes, settings };
      writeClusterConfig(paths.config, next);
      const restartNeeded = JSON.stringify(snapshot(next)) !== JSON.stringify(applied);
      return {
        kubectl: `kubedeck stop${flag} && kubedeck start${flag} --config ${file}`,
        message: restartNeeded
          ? 'Saved. Restart the cluster to apply them (the next `kubedeck start` uses them).'
          : 'Saved. The cluster already runs with these settings.',
        file,
        restartNeeded,
      };
    },
    stopCluster: () => lifecycleOp('stop', `kubedeck stop${flag}`),
    restartCluster: () => lifecycleOp('restart', `kubedeck stop${flag} && kubedeck start${flag}`),
    async resetCluster(p) {
      if (p?.confirm !== paths.name) {
        throw new StatusError(422, 'Invalid', `type the cluster name "${paths.name}" to confirm the reset`, {
          causes: [{ field: 'confirm', reason: 'FieldValueInvalid', message: 'does not match' }],
        });
      }
      return lifecycleOp(
        'reset',
        `kubedeck delete${flag} && kubedeck start${flag} --config ${settingsFilePath(paths)}`,
      );
    },
  };
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
