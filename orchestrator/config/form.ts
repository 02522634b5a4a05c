// The Cluster screen's settings form, as data: every row with a form group, with the value in
// effect beside its default. The renderer builds its fields from these rows (it imports only the
// contract), so a new row appears on the form without a renderer edit.
import type { ClusterSettingsValues, EffectiveSetting } from '../contract/index.js';
import { computedDefaults, valueAt, type HostResources } from './resolve.js';
import type { SettingRow } from './setting-row.js';
import { SETTINGS } from './settings-table.js';

const FORM_ROWS = (SETTINGS as readonly SettingRow[]).filter((r) => r.group !== undefined);

/** Every form setting with the value in effect (defaults filled in) beside its default. */
export function effectiveSettings(
  s: ClusterSettingsValues,
  nodes: number,
  host?: HostResources,
): EffectiveSetting[] {
  const computed = computedDefaults(nodes, host);
  return FORM_ROWS.map((row) => {
    const def = row.default ?? computed[row.key];
    // The node count is not part of the settings mapping: it is the cluster's own.
    const v = row.key === 'nodes' ? nodes : valueAt(s, row.key);
    return {
      key: row.key,
      value: String(v ?? def),
      default: String(def),
      set: row.key === 'nodes' ? nodes !== def : v !== undefined,
      type: row.type,
      label: row.label,
      help: row.help,
      group: row.group as string,
      ...(row.unit ? { unit: row.unit } : {}),
      ...(row.min !== undefined ? { min: row.min } : {}),
      ...(row.max !== undefined ? { max: row.max } : {}),
    };
  });
}
