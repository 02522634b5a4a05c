// The Cluster screen's operations: what the cluster is and runs with (clusterInfo), the Docker
// engine (dockerStatus), saving settings for the next `kubedeck start` (saveClusterSettings), and
// stop / restart / reset. Settings live in the cluster's config.json (what `start` and the daemon
// read) and are mirrored to cluster.yaml in the state dir, the `kubedeck start --config` form.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Registry } from '../api/registry/registry.js';
import { StatusError } from '../api/errors.js';
import { KUBE_GIT_VERSION } from '../apiserver/version.js';
import { readClusterConfig, writeClusterConfig, type ClusterConfig } from '../cluster/cluster-config.js';
import { writeFileAtomic } from '../cluster/fs-atomic.js';
import { readLock } from '../cluster/lock.js';
import { clusterPaths, kubedeckHome, DEFAULT_CLUSTER_NAME, type ClusterPaths } from '../cluster/paths.js';
import {
  CONTROLLER_DEFAULTS,
  DEFAULTS,
  SettingsError,
  defaultNodeCapacity,
  validateSettings,
  type ClusterSettings,
} from '../cluster/settings.js';
import { apiUrl } from '../cluster/state.js';
import { connectEngine } from '../cluster/engine.js';
import { UserError } from '../cluster/errors.js';
import type {
  ClusterInfo,
  ClusterSettingsValues,
  DockerStatus,
  EffectiveSetting,
  LifecycleAction,
  LifecycleResult,
  SaveClusterSettingsParams,
  SaveClusterSettingsResult,
} from './contract.js';
import { kindInfo } from './kinds.js';

/** Runs stop/restart/reset for the shell hosting the operations (Electron main injects its own). */
export interface ClusterLifecycle {
  /** Stopping ends the process that serves this page (the web dashboard runs in the daemon). */
  endsConnection: boolean;
  run(action: LifecycleAction): Promise<string[]>;
}

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

const MAX_NODES = 32; // as `--config`'s `nodes`
const SETTINGS_KEYS = [
  'crashLoopBackOff',
  'imagePullBackOff',
  'localImagesFirst',
  'nodeCapacity',
  'nodeMonitorGracePeriod',
  'nodeMonitorPeriod',
  'nodeStartupGracePeriod',
  'defaultTolerationSeconds',
  'horizontalPodAutoscaler',
];

export function nameFlag(name: string): string {
  return name === DEFAULT_CLUSTER_NAME ? '' : ` --name ${name}`;
}

/** The saved settings file beside config.json, in the form `kubedeck start --config` reads. */
export function settingsFilePath(paths: ClusterPaths): string {
  return path.join(paths.dir, 'cluster.yaml');
}

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
      const workers = nodes.filter(
        (n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})),
      );
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
          ready: workers.filter((n) =>
            (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
          ).length,
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
      const latest = readClusterConfig(paths.config) ?? config;
      const next: ClusterConfig = { ...latest, nodes, settings };
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

function safeConfig(paths: ClusterPaths): ClusterConfig | undefined {
  try {
    return readClusterConfig(paths.config);
  } catch {
    return undefined;
  }
}

function snapshot(c: ClusterConfig | undefined): { nodes: number; settings: ClusterSettingsValues } {
  return { nodes: c?.nodes ?? 0, settings: prune(c?.settings ?? {}) as ClusterSettingsValues };
}

/** Drops empty strings, undefined values and empty mappings (a cleared form field = the default). */
function prune(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = prune(x);
    if (p === undefined || p === '' || p === null) continue;
    if (typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}

/** Validates the form as `--config` would; a failure is a 422 Status naming the field. */
export function checkSettings(p: SaveClusterSettingsParams): { nodes: number; settings: ClusterSettings } {
  const invalid = (field: string, message: string) =>
    new StatusError(422, 'Invalid', `cluster settings are invalid: ${message}`, {
      kind: 'ClusterSettings',
      causes: [{ field, reason: 'FieldValueInvalid', message }],
    });
  const nodes = p?.nodes;
  if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 0 || nodes > MAX_NODES) {
    throw invalid('nodes', `nodes must be an integer from 0 to ${MAX_NODES}`);
  }
  const raw = prune(p.settings ?? {});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('settings', 'settings must be a mapping');
  }
  const unknown = Object.keys(raw).filter((k) => !SETTINGS_KEYS.includes(k));
  if (unknown.length) throw invalid(unknown[0], `unknown field(s) ${unknown.join(', ')}`);
  try {
    return { nodes, settings: prune(validateSettings(raw as Record<string, unknown>)) as ClusterSettings };
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    const field = /^([A-Za-z.]+)/.exec(err.message)?.[1] ?? 'settings';
    throw invalid(field.replace(/[.:]$/, ''), err.message);
  }
}

function settingsYaml(name: string, nodes: number, settings: ClusterSettings): string {
  const head =
    `# Cluster '${name}' settings, saved by the Kubedeck dashboard (docs/settings.md).\n` +
    `# Applied by: kubedeck start${nameFlag(name)} --config <this file>\n`;
  return head + stringify({ nodes, ...settings });
}

/** Every setting with the value in effect (defaults filled in) beside upstream's default. */
export function effectiveSettings(s: ClusterSettingsValues, nodes: number): EffectiveSetting[] {
  const d = CONTROLLER_DEFAULTS;
  const capDefault = defaultNodeCapacity(nodes);
  const h = s.horizontalPodAutoscaler ?? {};
  const rows: [string, unknown, unknown][] = [
    ['nodes', nodes, 2],
    ['crashLoopBackOff.base', s.crashLoopBackOff?.base, DEFAULTS.backOffBase],
    ['crashLoopBackOff.cap', s.crashLoopBackOff?.cap, DEFAULTS.backOffCap],
    ['imagePullBackOff.base', s.imagePullBackOff?.base, DEFAULTS.backOffBase],
    ['imagePullBackOff.cap', s.imagePullBackOff?.cap, DEFAULTS.backOffCap],
    ['localImagesFirst', s.localImagesFirst, DEFAULTS.localImagesFirst],
    ['nodeCapacity.cpu', s.nodeCapacity?.cpu, capDefault.cpu],
    ['nodeCapacity.memory', s.nodeCapacity?.memory, capDefault.memory],
    ['nodeCapacity.pods', s.nodeCapacity?.pods, capDefault.pods],
    ['nodeMonitorGracePeriod', s.nodeMonitorGracePeriod, d.nodeMonitorGracePeriod],
    ['nodeMonitorPeriod', s.nodeMonitorPeriod, d.nodeMonitorPeriod],
    ['nodeStartupGracePeriod', s.nodeStartupGracePeriod, d.nodeStartupGracePeriod],
    ['defaultTolerationSeconds', s.defaultTolerationSeconds, d.defaultTolerationSeconds],
    ['horizontalPodAutoscaler.syncPeriod', h.syncPeriod, d.hpa.syncPeriod],
    [
      'horizontalPodAutoscaler.downscaleStabilization',
      h.downscaleStabilization,
      d.hpa.downscaleStabilization,
    ],
    [
      'horizontalPodAutoscaler.cpuInitializationPeriod',
      h.cpuInitializationPeriod,
      d.hpa.cpuInitializationPeriod,
    ],
    ['horizontalPodAutoscaler.initialReadinessDelay', h.initialReadinessDelay, d.hpa.initialReadinessDelay],
    ['horizontalPodAutoscaler.tolerance', h.tolerance, d.hpa.tolerance],
  ];
  return rows.map(([key, v, def]) => ({
    key,
    value: String(v ?? def),
    default: String(def),
    set: key === 'nodes' ? nodes !== def : v !== undefined,
  }));
}

/** One CLI run: the argv after the Node binary, and how the log names it. */
export interface CliRun {
  label: string;
  args: string[];
}

/**
 * Inside the daemon (`kubedeck __daemon`): stop/restart/reset run the CLI in a detached process,
 * since stopping ends this very process. Elsewhere (tests, Electron in-process) there is none.
 */
export function daemonLifecycle(
  paths: ClusterPaths,
  env: NodeJS.ProcessEnv,
  argv: string[] = process.argv,
  launch: (cmds: CliRun[], log: string, cleanup: string[]) => void = launchRunner,
): ClusterLifecycle | undefined {
  const i = argv.indexOf('__daemon');
  if (i < 2) return undefined;
  // The daemon runs as `<node> [execArgv] <cli entry> __daemon --name N`: reuse that entry.
  const cli = [...process.execArgv, ...argv.slice(1, i)];
  const flag = paths.name === DEFAULT_CLUSTER_NAME ? [] : ['--name', paths.name];
  const log = path.join(paths.home, `${paths.name}-lifecycle.log`);
  return {
    endsConnection: true,
    // eslint-disable-next-line @typescript-eslint/require-await
    async run(action) {
      const cmd = (...a: string[]): CliRun => ({
        label: ['kubedeck', ...a, ...flag].join(' '),
        args: [...cli, ...a, ...flag],
      });
      let cmds: CliRun[];
      let steps: string[];
      const cleanup: string[] = [];
      if (action === 'stop') {
        cmds = [cmd('stop')];
        steps = ['Stop the control plane', 'Stop node and pod containers (kept for the next start)'];
      } else if (action === 'restart') {
        cmds = [cmd('stop'), cmd('start')];
        steps = ['Stop the control plane and nodes', 'Start the control plane and nodes again'];
      } else {
        // delete removes the state dir: keep the settings, node count and API port in a temp file.
        const tmp = path.join(
          os.tmpdir(),
          `kubedeck-reset-${paths.name}-${randomBytes(4).toString('hex')}.yaml`,
        );
        const c = readClusterConfig(paths.config);
        writeFileAtomic(
          tmp,
          stringify({
            nodes: c?.nodes ?? 0,
            ...(c ? { apiServerPort: c.port } : {}),
            ...(c?.settings ?? {}),
          }),
          0o600,
        );
        cmds = [cmd('delete'), cmd('start', '--config', tmp)];
        cleanup.push(tmp);
        steps = ['Delete containers, network and state', 'Start a fresh cluster with the saved settings'];
      }
      // Answer first, then stop: the page gets its reply before the connection drops.
      setTimeout(() => launch(cmds, log, cleanup), 300).unref();
      return [...steps, `Progress is logged to ${log}`];
    },
  };
}

/** Runs each CLI command in turn (stops at the first failure), then removes the temp files. */
export const RUNNER_SCRIPT =
  "const {spawnSync}=require('node:child_process');" +
  "const {rmSync}=require('node:fs');let code=0;" +
  'for(const c of JSON.parse(process.argv[1])){' +
  "console.log('$ '+c.label);" +
  "const r=spawnSync(process.execPath,c.args,{stdio:'inherit'});" +
  'if(r.status!==0){code=r.status??1;break}}' +
  'for(const f of JSON.parse(process.argv[2]))rmSync(f,{force:true});' +
  'process.exit(code)';

/** A detached Node process running the commands, logging to `log`. */
function launchRunner(cmds: CliRun[], log: string, cleanup: string[]): void {
  const fd = openSync(log, 'a', 0o600);
  try {
    spawn(process.execPath, ['-e', RUNNER_SCRIPT, JSON.stringify(cmds), JSON.stringify(cleanup)], {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: path.dirname(log),
    }).unref();
  } finally {
    closeSync(fd);
  }
}

const DOCKER_TIMEOUT_MS = 10_000;

/** Whether the engine answers, its version and platform, and how many kubedeck containers it holds. */
export async function dockerStatus(
  cluster: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<DockerStatus> {
  const base = { platform: process.platform, command: 'docker version' };
  let timer: NodeJS.Timeout | undefined;
  let slow = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      slow = true;
      reject(
        new UserError(`Docker did not answer within ${timeoutMs / 1000} s`, 'is it busy or starting up?'),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        const rt = await connectEngine(env);
        const [v, info, all] = await Promise.all([
          rt.docker.version(),
          rt.version(),
          rt.docker.listContainers({ all: true, filters: { label: ['kubedeck.cluster'] } }),
        ]);
        const mine = all.filter((c) => c.Labels?.['kubedeck.cluster'] === cluster);
        return {
          ...base,
          reachable: true,
          version: v.Version,
          apiVersion: v.ApiVersion,
          os: v.Os,
          arch: v.Arch,
          operatingSystem: info.operatingSystem,
          containers: {
            cluster: mine.length,
            clusterRunning: mine.filter((c) => c.State === 'running').length,
            all: all.length,
          },
        };
      })(),
      timeout,
    ]);
  } catch (err) {
    const e = err instanceof UserError ? err : undefined;
    return {
      ...base,
      reachable: false,
      ...(slow ? { slow } : {}),
      error: e?.message ?? (err as Error).message,
      hint: e?.hint,
    };
  } finally {
    clearTimeout(timer);
  }
}
