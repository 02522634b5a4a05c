// Checks a config-file mapping against the settings table: each row's type and bounds, the mappings'
// known fields, and cross-row limits (notAbove). Errors name the dotted field (SettingsError.field).
import { parseDuration } from './duration.js';
import { SettingsError } from './errors.js';
import { isCpuQuantity, isMemoryQuantity } from './quantities.js';
import type { SettingRow } from './setting-row.js';
import { SETTINGS, type ClusterSettings } from './settings-table.js';

const ROWS: readonly SettingRow[] = SETTINGS;
const FILE_ROWS = ROWS.filter((r) => r.file !== false);

/** Rows kept in the `settings` part of the cluster's config (read by the control plane or nodes). */
export const SAVED_ROWS = FILE_ROWS.filter((r) => r.readers.some((x) => x !== 'cluster'));
/** File rows only `kubedeck start` reads (nodes, apiServerPort, networkSubnet): top-level in config.json. */
export const CLUSTER_ROWS = FILE_ROWS.filter((r) => r.readers.every((x) => x === 'cluster'));
/** Top-level config-file keys: every file row's first segment, in table order. */
export const FILE_KEYS = topKeys(FILE_ROWS);
/** Top-level keys of the saved settings. */
export const SETTINGS_KEYS = topKeys(SAVED_ROWS);

function topKeys(rows: readonly SettingRow[]): string[] {
  return [...new Set(rows.map((r) => r.key.split('.')[0]))];
}

/** The saved-settings keys of a parsed YAML mapping, checked and normalized (durations as text). */
export function validateSettings(raw: Record<string, unknown>): ClusterSettings {
  return validateRows(raw, SAVED_ROWS);
}

/** Every config-file key present in `raw` (unknown keys are the caller's to report). */
export function validateRows(
  raw: Record<string, unknown>,
  rows: readonly SettingRow[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const top of topKeys(rows)) {
    if (raw[top] === undefined) continue;
    const group = rows.filter((r) => r.key === top || r.key.startsWith(`${top}.`));
    if (group.length === 1 && group[0].key === top) {
      out[top] = checkValue(group[0], raw[top]);
      continue;
    }
    const subKeys = group.map((r) => r.key.slice(top.length + 1));
    const given = mapping(raw[top], top, subKeys);
    const values: Record<string, unknown> = {};
    for (const r of group) {
      const sub = r.key.slice(top.length + 1);
      if (given[sub] !== undefined) values[sub] = checkValue(r, given[sub]);
    }
    for (const r of group) if (r.notAbove) checkNotAbove(r, values, top);
    out[top] = values;
  }
  return out;
}

/** One value against its row: the normalized file form, or a SettingsError naming the field. */
export function checkValue(row: SettingRow, v: unknown): string | number | boolean {
  const f = row.key;
  const fail = (message: string): never => {
    throw new SettingsError(f, message);
  };
  switch (row.type) {
    case 'duration': {
      const ms = parseDuration(v, f);
      if (row.above !== undefined && ms <= row.above) fail(`${f} must be more than ${row.above}`);
      if (row.min !== undefined && ms < row.min) fail(`${f} must be at least ${row.min} ms`);
      return typeof v === 'number' ? `${v}s` : scalarText(v).trim();
    }
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || !inBounds(row, v))
        fail(
          row.max === undefined
            ? `${f} must be a whole number${row.unit ? ` of ${row.unit}` : ''}, ${row.min ?? 0} or more`
            : `${f} must be an integer from ${row.min ?? 0} to ${row.max}`,
        );
      return v as number;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || !inBounds(row, v))
        fail(`${f} must be a number ${rangeText(row)} (e.g. ${String(row.default)})`);
      return v as number;
    case 'boolean':
      if (typeof v !== 'boolean') fail(`${f} must be true or false`);
      return v as boolean;
    case 'cpu': {
      const s = scalarText(v);
      if (!isCpuQuantity(s)) fail(`${f} must be a CPU quantity like 2, 1.5 or 500m (got ${s})`);
      return s;
    }
    case 'memory': {
      const s = scalarText(v);
      if (!isMemoryQuantity(s)) fail(`${f} must be a quantity like 4Gi or 2048Mi (got ${s})`);
      return s;
    }
    case 'cidr':
      if (typeof v !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(v))
        fail(`${f} must be an IPv4 CIDR like 172.30.0.0/16`);
      return v as string;
    case 'text':
      if (typeof v !== 'string' || (row.values && !row.values.includes(v)))
        fail(`${f} must be ${row.values ? `one of ${row.values.join(', ')}` : 'text'}`);
      return v as string;
  }
}

function inBounds(row: SettingRow, v: number): boolean {
  return (
    (row.min === undefined || v >= row.min) &&
    (row.max === undefined || v <= row.max) &&
    (row.above === undefined || v > row.above) &&
    (row.below === undefined || v < row.below)
  );
}

function rangeText(row: SettingRow): string {
  const low = row.min ?? row.above ?? 0;
  if (row.below !== undefined) return `from ${low} to below ${row.below}`;
  if (row.max !== undefined) return `from ${low} to ${row.max}`;
  return `of ${low} or more`;
}

/** base ≤ cap style limits, compared with defaults filled in (a lone base must not pass the default cap). */
function checkNotAbove(row: SettingRow, values: Record<string, unknown>, top: string): void {
  const other = ROWS.find((r) => r.key === row.notAbove) as SettingRow;
  const ms = (r: SettingRow) => parseDuration(values[r.key.slice(top.length + 1)] ?? r.default, r.key);
  const a = ms(row);
  const b = ms(other);
  if (a > b) throw new SettingsError(row.key, `${row.key} (${a} ms) must not exceed ${other.key} (${b} ms)`);
}

function mapping(v: unknown, field: string, keys: string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new SettingsError(field, `${field} must be a mapping (${keys.join(', ')})`);
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length) throw new SettingsError(field, `${field}: unknown field(s) ${extra.join(', ')}`);
  return v as Record<string, unknown>;
}

/** A YAML scalar as text (objects are shown as JSON so error messages stay readable). */
function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : JSON.stringify(v);
}
