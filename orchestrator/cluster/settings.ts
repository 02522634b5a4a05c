// Cluster settings (the `--config` file's timing/capacity part): file form, validation, defaults,
// and the resolved form handed to every node agent as KUBEDECK_SETTINGS (JSON).
import os from 'node:os';

/** As written in the config file and kept in config.json (only what the user set). */
export interface ClusterSettings {
  crashLoopBackOff?: { base?: string; cap?: string };
  imagePullBackOff?: { base?: string; cap?: string };
  localImagesFirst?: boolean;
  nodeCapacity?: { cpu?: string; memory?: string; pods?: number };
  /** Control-plane timings (node lifecycle, eviction, autoscaling); durations as in the file. */
  nodeMonitorGracePeriod?: string;
  nodeMonitorPeriod?: string;
  nodeStartupGracePeriod?: string;
  defaultTolerationSeconds?: number;
  horizontalPodAutoscaler?: {
    syncPeriod?: string;
    downscaleStabilization?: string;
    cpuInitializationPeriod?: string;
    initialReadinessDelay?: string;
    tolerance?: number;
  };
}

/** What a node agent receives (KUBEDECK_SETTINGS): every value present, durations in ms. */
export interface NodeAgentSettings {
  crashLoopBackOff: { initialMs: number; maxMs: number };
  imagePullBackOff: { initialMs: number; maxMs: number };
  localImagesFirst: boolean;
  /** Node capacity (= allocatable) as Kubernetes quantities. */
  nodeCapacity: { cpu: string; memory: string; pods: number };
  /**
   * Lease/status heartbeat in ms, only when a shortened nodeMonitorGracePeriod needs one below
   * upstream's 10 s (a quarter of the grace period, the ratio upstream's 40 s/10 s keeps).
   */
  nodeHeartbeat?: number;
}

/** Upstream kubelet defaults: both back-offs start at 10 s and double up to 300 s; 110 pods a node. */
export const DEFAULTS = {
  backOffBase: '10s',
  backOffCap: '300s',
  localImagesFirst: true,
  pods: 110,
} as const;

export class SettingsError extends Error {}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style durations ("10s", "1.5s", "500ms", "1m30s") or a bare number of seconds; → ms. */
export function parseDuration(v: unknown, field: string): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v * 1000);
  if (typeof v !== 'string' || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(v.trim())) {
    throw new SettingsError(`${field} must be a duration like 10s, 500ms or 5m (got ${JSON.stringify(v)})`);
  }
  let ms = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(ms);
}

const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
/** Node container memory (`kubedeck node add --memory`): Docker's limit, suffixes up to Ti. */
const NODE_MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** A CPU quantity above 0: cores (2, 1.5) or millicores (500m). */
export function isCpuQuantity(v: string): boolean {
  return CPU.test(v) && Number.parseFloat(v) > 0;
}

/** A node container's memory above 0 (`--memory`, the Add node dialog): like 2Gi or 512Mi. */
export function isNodeMemoryQuantity(v: string): boolean {
  return NODE_MEMORY.test(v) && Number.parseFloat(v) > 0;
}

/** Validates a parsed YAML mapping's settings keys; returns the normalized file form. */
export function validateSettings(raw: Record<string, unknown>): ClusterSettings {
  const out: ClusterSettings = {};
  for (const key of ['crashLoopBackOff', 'imagePullBackOff'] as const) {
    if (raw[key] === undefined) continue;
    const b = mapping(raw[key], key, ['base', 'cap']);
    const v: { base?: string; cap?: string } = {};
    for (const k of ['base', 'cap'] as const) {
      if (b[k] === undefined) continue;
      const ms = parseDuration(b[k], `${key}.${k}`);
      if (ms <= 0) throw new SettingsError(`${key}.${k} must be more than 0`);
      v[k] = typeof b[k] === 'number' ? `${b[k]}s` : scalarText(b[k]).trim();
    }
    const base = parseDuration(v.base ?? DEFAULTS.backOffBase, `${key}.base`);
    const cap = parseDuration(v.cap ?? DEFAULTS.backOffCap, `${key}.cap`);
    if (base > cap)
      throw new SettingsError(`${key}.base (${base} ms) must not exceed ${key}.cap (${cap} ms)`);
    out[key] = v;
  }
  if (raw.localImagesFirst !== undefined) {
    if (typeof raw.localImagesFirst !== 'boolean')
      throw new SettingsError('localImagesFirst must be true or false');
    out.localImagesFirst = raw.localImagesFirst;
  }
  if (raw.nodeCapacity !== undefined) {
    const c = mapping(raw.nodeCapacity, 'nodeCapacity', ['cpu', 'memory', 'pods']);
    const cap: NonNullable<ClusterSettings['nodeCapacity']> = {};
    if (c.cpu !== undefined) {
      const s = scalarText(c.cpu);
      if (!isCpuQuantity(s))
        throw new SettingsError(`nodeCapacity.cpu must be a CPU quantity like 2, 1.5 or 500m (got ${s})`);
      cap.cpu = s;
    }
    if (c.memory !== undefined) {
      const s = scalarText(c.memory);
      if (!MEMORY.test(s) || Number.parseFloat(s) <= 0)
        throw new SettingsError(`nodeCapacity.memory must be a quantity like 4Gi or 2048Mi (got ${s})`);
      cap.memory = s;
    }
    if (c.pods !== undefined) {
      if (typeof c.pods !== 'number' || !Number.isInteger(c.pods) || c.pods < 1 || c.pods > 10_000)
        throw new SettingsError('nodeCapacity.pods must be an integer from 1 to 10000');
      cap.pods = c.pods;
    }
    out.nodeCapacity = cap;
  }
  validateControllerSettings(raw, out);
  return out;
}

const CONTROLLER_DURATIONS = [
  'nodeMonitorGracePeriod',
  'nodeMonitorPeriod',
  'nodeStartupGracePeriod',
] as const;
const HPA_DURATIONS = [
  'syncPeriod',
  'downscaleStabilization',
  'cpuInitializationPeriod',
  'initialReadinessDelay',
] as const;

function durationText(v: unknown, field: string, allowZero: boolean): string {
  const ms = parseDuration(v, field);
  if (!allowZero && ms <= 0) throw new SettingsError(`${field} must be more than 0`);
  return typeof v === 'number' ? `${v}s` : scalarText(v).trim();
}

function validateControllerSettings(raw: Record<string, unknown>, out: ClusterSettings): void {
  for (const key of CONTROLLER_DURATIONS) {
    if (raw[key] !== undefined) out[key] = durationText(raw[key], key, false);
  }
  if (raw.defaultTolerationSeconds !== undefined) {
    const v = raw.defaultTolerationSeconds;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw new SettingsError('defaultTolerationSeconds must be a whole number of seconds, 0 or more');
    out.defaultTolerationSeconds = v;
  }
  if (raw.horizontalPodAutoscaler !== undefined) {
    const h = mapping(raw.horizontalPodAutoscaler, 'horizontalPodAutoscaler', [
      ...HPA_DURATIONS,
      'tolerance',
    ]);
    const hpa: NonNullable<ClusterSettings['horizontalPodAutoscaler']> = {};
    for (const k of HPA_DURATIONS) {
      if (h[k] !== undefined) hpa[k] = durationText(h[k], `horizontalPodAutoscaler.${k}`, k !== 'syncPeriod');
    }
    if (h.tolerance !== undefined) {
      if (typeof h.tolerance !== 'number' || h.tolerance < 0 || h.tolerance >= 1)
        throw new SettingsError(
          'horizontalPodAutoscaler.tolerance must be a number from 0 to below 1 (e.g. 0.1)',
        );
      hpa.tolerance = h.tolerance;
    }
    out.horizontalPodAutoscaler = hpa;
  }
}

/** What the control plane's controllers receive: every value present, durations in ms. */
export interface ControllerSettings {
  nodeMonitorGracePeriodMs: number;
  nodeMonitorPeriodMs: number;
  nodeStartupGracePeriodMs: number;
  defaultTolerationSeconds: number;
  hpa: {
    syncPeriodMs: number;
    downscaleStabilizationMs: number;
    cpuInitializationPeriodMs: number;
    initialReadinessDelayMs: number;
    tolerance: number;
  };
}

/** Upstream's controller-manager and admission defaults (kube-controller-manager 1.32+). */
export const CONTROLLER_DEFAULTS = {
  nodeMonitorGracePeriod: '50s',
  nodeMonitorPeriod: '5s',
  nodeStartupGracePeriod: '60s',
  defaultTolerationSeconds: 300,
  hpa: {
    syncPeriod: '15s',
    downscaleStabilization: '5m',
    cpuInitializationPeriod: '5m',
    initialReadinessDelay: '30s',
    tolerance: 0.1,
  },
} as const;

export function resolveControllerSettings(s: ClusterSettings = {}): ControllerSettings {
  const d = CONTROLLER_DEFAULTS;
  const h = s.horizontalPodAutoscaler ?? {};
  return {
    nodeMonitorGracePeriodMs: parseDuration(
      s.nodeMonitorGracePeriod ?? d.nodeMonitorGracePeriod,
      'nodeMonitorGracePeriod',
    ),
    nodeMonitorPeriodMs: parseDuration(s.nodeMonitorPeriod ?? d.nodeMonitorPeriod, 'nodeMonitorPeriod'),
    nodeStartupGracePeriodMs: parseDuration(
      s.nodeStartupGracePeriod ?? d.nodeStartupGracePeriod,
      'nodeStartupGracePeriod',
    ),
    defaultTolerationSeconds: s.defaultTolerationSeconds ?? d.defaultTolerationSeconds,
    hpa: {
      syncPeriodMs: parseDuration(h.syncPeriod ?? d.hpa.syncPeriod, 'horizontalPodAutoscaler.syncPeriod'),
      downscaleStabilizationMs: parseDuration(
        h.downscaleStabilization ?? d.hpa.downscaleStabilization,
        'horizontalPodAutoscaler.downscaleStabilization',
      ),
      cpuInitializationPeriodMs: parseDuration(
        h.cpuInitializationPeriod ?? d.hpa.cpuInitializationPeriod,
        'horizontalPodAutoscaler.cpuInitializationPeriod',
      ),
      initialReadinessDelayMs: parseDuration(
        h.initialReadinessDelay ?? d.hpa.initialReadinessDelay,
        'horizontalPodAutoscaler.initialReadinessDelay',
      ),
      tolerance: h.tolerance ?? d.hpa.tolerance,
    },
  };
}

function mapping(v: unknown, field: string, keys: string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new SettingsError(`${field} must be a mapping (${keys.join(', ')})`);
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length) throw new SettingsError(`${field}: unknown field(s) ${extra.join(', ')}`);
  return v as Record<string, unknown>;
}

export interface HostResources {
  cpus: number;
  memoryBytes: number;
}

export function hostResources(): HostResources {
  return { cpus: os.availableParallelism?.() ?? os.cpus().length, memoryBytes: os.totalmem() };
}

/**
 * Default capacity: a fair share of the host. All nodes share one machine, so each reports
 * host CPUs / nodes (in millicores, at least 100m) and host memory / nodes (in Ki); then the sum of
 * what the scheduler may place equals what the host has. Pods: upstream's 110.
 */
export function defaultNodeCapacity(nodes: number, host: HostResources = hostResources()) {
  const n = Math.max(1, nodes);
  const milli = Math.max(100, Math.floor((host.cpus * 1000) / n));
  const cpu = milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  const memory = `${Math.max(1, Math.floor(host.memoryBytes / n / 1024))}Ki`;
  return { cpu, memory, pods: DEFAULTS.pods };
}

/** Fills every unset value with its default (capacity depends on the node count). */
export function resolveSettings(
  s: ClusterSettings = {},
  nodes: number,
  host: HostResources = hostResources(),
): NodeAgentSettings {
  const backOff = (b: { base?: string; cap?: string } | undefined, f: string) => ({
    initialMs: parseDuration(b?.base ?? DEFAULTS.backOffBase, `${f}.base`),
    maxMs: parseDuration(b?.cap ?? DEFAULTS.backOffCap, `${f}.cap`),
  });
  const def = defaultNodeCapacity(nodes, host);
  const grace = parseDuration(
    s.nodeMonitorGracePeriod ?? CONTROLLER_DEFAULTS.nodeMonitorGracePeriod,
    'nodeMonitorGracePeriod',
  );
  const heartbeat = Math.max(250, Math.floor(grace / 4));
  return {
    ...(heartbeat < 10_000 ? { nodeHeartbeat: heartbeat } : {}),
    crashLoopBackOff: backOff(s.crashLoopBackOff, 'crashLoopBackOff'),
    imagePullBackOff: backOff(s.imagePullBackOff, 'imagePullBackOff'),
    localImagesFirst: s.localImagesFirst ?? DEFAULTS.localImagesFirst,
    nodeCapacity: {
      cpu: s.nodeCapacity?.cpu ?? def.cpu,
      memory: s.nodeCapacity?.memory ?? def.memory,
      pods: s.nodeCapacity?.pods ?? def.pods,
    },
  };
}

/** A YAML scalar as text (objects are shown as JSON so error messages stay readable). */
function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : JSON.stringify(v);
}
