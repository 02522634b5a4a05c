// Cluster settings as the dashboard edits them: validation like `--config`, the saved YAML form,
// the values in effect beside their defaults. Split from cluster.ts so the Cluster screen's
// assembly stays small; the settings themselves are the table in orchestrator/config/.
import path from 'node:path';
import { stringify } from 'yaml';
import { StatusError } from '../api/errors.js';
import { readClusterConfig, type ClusterConfig } from '../cluster/cluster-config.js';
import type { ClusterPaths } from '../config/paths.js';
import {
  SettingsError,
  SETTINGS_KEYS,
  checkValue,
  settingRow,
  validateSettings,
  type ClusterSettings,
} from '../config/settings.js';
import { nameFlag } from '../contract/index.js';
import type { ClusterSettingsValues, SaveClusterSettingsParams } from '../contract/index.js';

export { effectiveSettings } from '../config/form.js';

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
  try {
    const nodes = checkValue(settingRow('nodes'), p?.nodes) as number;
    const raw = prune(p.settings ?? {});
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new SettingsError('settings', 'settings must be a mapping');
    }
    const unknown = Object.keys(raw).filter((k) => !SETTINGS_KEYS.includes(k));
    if (unknown.length) throw new SettingsError(unknown[0], `unknown field(s) ${unknown.join(', ')}`);
    return { nodes, settings: prune(validateSettings(raw as Record<string, unknown>)) as ClusterSettings };
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    throw invalid(err.field, err.message);
  }
}

export function settingsYaml(name: string, nodes: number, settings: ClusterSettings): string {
  const head =
    `# Cluster '${name}' settings, saved by the Kubedeck dashboard (docs/settings.md).\n` +
    `# Applied by: kubedeck start${nameFlag(name)} --config <this file>\n`;
  return head + stringify({ nodes, ...settings });
}
