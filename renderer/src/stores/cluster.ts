// The Cluster screen's state: what the cluster is and runs with, the Docker engine, saving
// settings, and stop/restart/reset with a progress list. In the web dashboard the control plane
// serves this page, so a stop ends the connection: the store notices and says so.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  ClusterInfo,
  DockerStatus,
  LifecycleAction,
  SaveClusterSettingsParams,
  SaveClusterSettingsResult,
} from '@kubedeck/contract';
import { bridge } from '../bridge/current.js';

export type StepState = 'pending' | 'running' | 'done' | 'failed';
export interface ProgressStep {
  label: string;
  state: StepState;
}

/** How the page learns the control plane went away: bounded polling (count × interval). */
export const DISCONNECT_POLL = { intervalMs: 1000, attempts: 30 };

export const useCluster = defineStore('cluster', () => {
  const info = ref<ClusterInfo>();
  const docker = ref<DockerStatus>();
  const error = ref('');
  const progress = ref<ProgressStep[]>([]);
  const busy = ref<LifecycleAction>();
  const lastCommand = ref('');
  /** The control plane serving this page stopped (web dashboard): nothing answers any more. */
  const disconnected = ref(false);
  /** Which action ended the connection (the page says what comes next). */
  const disconnectedBy = ref<LifecycleAction>();
  /** First-run redirect happens once per page load. */
  const firstRunShown = ref(false);

  async function load(): Promise<void> {
    try {
      info.value = await bridge().call('clusterInfo', {});
      docker.value = info.value.docker;
      error.value = '';
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function checkDocker(): Promise<DockerStatus | undefined> {
    try {
      docker.value = await bridge().call('dockerStatus', {});
    } catch (e) {
      error.value = (e as Error).message;
    }
    return docker.value;
  }

  async function save(p: SaveClusterSettingsParams): Promise<SaveClusterSettingsResult> {
    const r = await bridge().call('saveClusterSettings', p);
    await load();
    return r;
  }

  /** Sends the page to the first-run screen when the Docker engine cannot be reached (once). */
  async function firstRunCheck(go: (path: string) => void): Promise<void> {
    if (firstRunShown.value) return;
    const d = await checkDocker();
    // A busy engine that answers late is not a missing one: only a refusal means first run.
    if (d?.reachable === false && !d.slow) {
      firstRunShown.value = true;
      go('/first-run');
    }
  }

  const OPS = { stop: 'stopCluster', restart: 'restartCluster' } as const;

  /** Runs stop/restart/reset; `confirm` is the typed cluster name (reset only). */
  async function lifecycle(action: LifecycleAction, confirm = ''): Promise<void> {
    busy.value = action;
    progress.value = [{ label: `Asking the cluster to ${action}`, state: 'running' }];
    try {
      const r =
        action === 'reset'
          ? await bridge().call('resetCluster', { confirm })
          : await bridge().call(OPS[action], {});
      lastCommand.value = r.kubectl;
      progress.value = [
        { label: r.message, state: 'done' },
        ...r.steps.map((label): ProgressStep => ({ label, state: r.endsConnection ? 'pending' : 'done' })),
      ];
      if (r.endsConnection) await waitForDisconnect(action);
      else await load();
    } catch (e) {
      progress.value = [...progress.value.filter((s) => s.state === 'done'), failed(e)];
    } finally {
      busy.value = undefined;
    }
  }

  const failed = (e: unknown): ProgressStep => ({ label: (e as Error).message, state: 'failed' });

  /** Polls until the control plane stops answering (it serves this page). */
  async function waitForDisconnect(action: LifecycleAction): Promise<void> {
    const at = progress.value.length;
    progress.value.push({ label: 'Waiting for the control plane to stop', state: 'running' });
    for (let i = 0; i < DISCONNECT_POLL.attempts; i++) {
      await new Promise((r) => setTimeout(r, DISCONNECT_POLL.intervalMs));
      try {
        await bridge().call('clusterInfo', {});
      } catch {
        disconnected.value = true;
        disconnectedBy.value = action;
        progress.value = progress.value.map((s) => ({ ...s, state: 'done' }));
        progress.value.push({
          label:
            action === 'stop'
              ? 'The control plane stopped: this page is disconnected. Start it again with: kubedeck start'
              : 'The control plane is stopping. Once it is back, open the dashboard again with: kubedeck dashboard (it listens on a new address)',
          state: 'done',
        });
        return;
      }
    }
    progress.value = progress.value.map((s, i) => (i === at ? { ...s, state: 'failed' } : s));
  }

  return {
    info,
    docker,
    error,
    progress,
    busy,
    lastCommand,
    disconnected,
    disconnectedBy,
    firstRunShown,
    load,
    checkDocker,
    firstRunCheck,
    save,
    lifecycle,
  };
});
