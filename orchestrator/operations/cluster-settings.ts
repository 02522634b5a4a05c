// Cluster settings as the dashboard edits them: validation like `--config`, the saved YAML form,
// the values in effect beside upstream defaults. Split from cluster.ts so the Cluster screen's
// assembly stays small; this is the one place that knows the settings file shape.
import path from 'node:path';
import { stringify } from 'yaml';
import { StatusError } from '../api/errors.js';
import { readClusterConfig, type ClusterConfig } from '../cluster/cluster-config.js';
import type { ClusterPaths } from '../cluster/paths.js';
import {
  CONTROLLER_DEFAULTS,
  DEFAULTS,
  SettingsError,
  defaultNodeCapacity,
  validateSettings,
  type ClusterSettings,
} from '../cluster/settings.js';
import { nameFlag } from '../cli/output.js';
import { MAX_NODES, SETTINGS_KEYS } from '../cluster/config-file.js';
import { DEFAULT_NODES } from '../cluster/names.js';
import type { ClusterSettingsValues, EffectiveSetting, SaveClusterSettingsParams } from './contract.js';

/** The saved settings file beside config.json, in the form `kubedeck start --config` reads. */
export function settingsFilePath(paths: ClusterPaths): string {
  return path.join(paths.dir, 'cluster.yaml');
}

export function safeConfig(paths: ClusterPaths): ClusterConfig | undefined {
  try {
    return readClusterConfig(paths.config);
  } catch {
    return undefined;
  }
}

export function snapshot(c: ClusterConfig | undefined): { nodes: number; settings: ClusterSettingsValues } {
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

export function settingsYaml(name: string, nodes: number, settings: ClusterSettings): string {
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
    ['nodes', nodes, DEFAULT_NODES],
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
