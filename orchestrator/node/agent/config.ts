// The node agent's configuration: environment variables set by the cluster lifecycle.
import { readFileSync } from 'node:fs';

export interface AgentSettings {
  crashLoopBackOff: { initialMs: number; maxMs: number };
  imagePullBackOff: { initialMs: number; maxMs: number };
  localImagesFirst: boolean;
  capacity: { cpu: string; memory: string; pods: string };
  /** Lease renewal and node status heartbeat (upstream 10 s). */
  heartbeatMs: number;
}

export interface AgentConfig {
  apiUrl: string;
  nodeName: string;
  cluster: string;
  token: string;
  ca: string;
  podDir: string;
  network: string;
  pauseImage: string;
  settings: AgentSettings;
}

/** "10s", "5m", "1m30s", "250ms" or a number of milliseconds. */
export function parseDurationMs(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v !== 'string' || !v.trim()) return fallback;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(v); m; m = re.exec(v)) {
    matched += m[0];
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return matched === v.trim() ? total : fallback;
}

function backoff(raw: any, fallback: { initialMs: number; maxMs: number }) {
  return {
    initialMs: parseDurationMs(raw?.base ?? raw?.initialMs, fallback.initialMs),
    maxMs: parseDurationMs(raw?.cap ?? raw?.maxMs, fallback.maxMs),
  };
}

export function parseSettings(json: string | undefined): AgentSettings {
  let raw: any = {};
  if (json) {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error('KUBEDECK_SETTINGS is not valid JSON');
    }
  }
  const cap = raw.nodeCapacity ?? raw.capacity ?? {};
  return {
    crashLoopBackOff: backoff(raw.crashLoopBackOff, { initialMs: 10_000, maxMs: 300_000 }),
    imagePullBackOff: backoff(raw.imagePullBackOff, { initialMs: 10_000, maxMs: 300_000 }),
    localImagesFirst: raw.localImagesFirst !== false,
    capacity: {
      cpu: String(cap.cpu ?? '2'),
      memory: String(cap.memory ?? '4Gi'),
      pods: String(cap.pods ?? '110'),
    },
    heartbeatMs: parseDurationMs(raw.nodeHeartbeat, 10_000),
  };
}

function required(env: NodeJS.ProcessEnv, key: string): string {
  const v = env[key];
  if (!v)
    throw new Error(`${key} is not set: the node agent runs inside a node container started by kubedeck`);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  return {
    apiUrl: required(env, 'KUBEDECK_API_URL'),
    nodeName: required(env, 'KUBEDECK_NODE_NAME'),
    cluster: required(env, 'KUBEDECK_CLUSTER'),
    token: readFileSync(required(env, 'KUBEDECK_TOKEN_FILE'), 'utf8').trim(),
    ca: readFileSync(required(env, 'KUBEDECK_CA_FILE'), 'utf8'),
    podDir: required(env, 'KUBEDECK_POD_DIR'),
    network: required(env, 'KUBEDECK_NETWORK'),
    pauseImage: env.KUBEDECK_PAUSE_IMAGE || 'registry.k8s.io/pause:3.10',
    settings: parseSettings(env.KUBEDECK_SETTINGS),
  };
}
