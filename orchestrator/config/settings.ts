// The settings API in one import: the table's derived types, validation, resolution, quantities.
export { parseDuration, formatGoDuration, parseGoDuration } from './duration.js';
export { SettingsError } from './errors.js';
export { isCpuQuantity, isMemoryQuantity, isNodeMemoryQuantity } from './quantities.js';
export {
  MAX_NODES,
  NODE_HEARTBEAT_MS,
  defaultNodeCapacity,
  envSetting,
  envValue,
  hostResources,
  pickSetting,
  resolveControllerSettings,
  resolveSettings,
  settingDefault,
  valueAt,
  type HostResources,
} from './resolve.js';
export {
  SETTINGS,
  settingRow,
  type ClusterSettings,
  type ControllerSettings,
  type NodeAgentSettings,
  type SettingKey,
} from './settings-table.js';
export {
  CLUSTER_ROWS,
  FILE_KEYS,
  SETTINGS_KEYS,
  checkValue,
  validateRows,
  validateSettings,
} from './validate.js';
