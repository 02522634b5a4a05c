// Kubelet settings with upstream defaults; every timing is overridable (DESIGN §5). The user-facing
// ones (back-offs, local images first, pause image) take their defaults from the settings table; the
// rest are internal constants of this kubelet, not settings.
import { readFileSync } from 'node:fs';
import { parseDuration, settingDefault, type SettingKey } from '../../config/settings.js';
import type { BackoffSettings } from './backoff.js';
import { DEFAULT_START_GATE, type StartGateSettings } from './start-gate.js';

export interface KubeletSettings {
  cluster: string;
  node: string;
  /** Docker network the sandboxes join. */
  network: string;
  /** Directory for pod volumes and managed files; must be the same path for Docker's binds. */
  rootDir: string;
  pauseImage: string;
  crashBackoff: BackoffSettings;
  pullBackoff: BackoffSettings;
  localImagesFirst: boolean;
  clusterDNS: string[];
  clusterDomain: string;
  hostResolvConf?: string;
  hostIP?: string;
  nodeAllocatable?: { cpu?: string; memory?: string };
  /** How often the node's containers are listed to find pods whose containers changed (upstream PLEG relist, 1 s). */
  relistMs: number;
  /** How often a pod is re-synced with no event at all (upstream --sync-frequency is 1 min). */
  resyncMs: number;
  /** How many pods of the node start at once (see start-gate.ts). */
  podStarts: StartGateSettings;
}

const ms = (key: SettingKey) => parseDuration(settingDefault(key), key);

export function kubeletSettings(
  over: Partial<KubeletSettings> & Pick<KubeletSettings, 'cluster' | 'node' | 'network' | 'rootDir'>,
): KubeletSettings {
  return {
    pauseImage: settingDefault('pauseImage') as string,
    crashBackoff: { initialMs: ms('crashLoopBackOff.base'), maxMs: ms('crashLoopBackOff.cap') },
    pullBackoff: { initialMs: ms('imagePullBackOff.base'), maxMs: ms('imagePullBackOff.cap') },
    localImagesFirst: settingDefault('localImagesFirst') as boolean,
    // The cluster proxy answers DNS on the kube-dns ClusterIP (kubelet --cluster-dns).
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    hostResolvConf: readHostResolvConf(),
    relistMs: 1000,
    resyncMs: 10_000,
    podStarts: DEFAULT_START_GATE,
    ...over,
  };
}

/** The node's own resolv.conf: its search domains follow ClusterFirst's, Default pods use it whole. */
function readHostResolvConf(): string | undefined {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return undefined;
  }
}
