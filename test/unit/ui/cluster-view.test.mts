// The Cluster screen and the first-run screen over a fake bridge: info and Docker cards, the
// settings form (units, cleared fields, errors, the --config command), stop/restart/reset with
// confirmation and progress, the disconnect of a web dashboard, and the first-run redirect.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import { setBridge } from '../../../renderer/src/bridge/current.js';
import { createAppRouter } from '../../../renderer/src/router.js';
import ClusterView from '../../../renderer/src/views/ClusterView.vue';
import FirstRunView from '../../../renderer/src/views/FirstRunView.vue';
import App from '../../../renderer/src/App.vue';
import { DISCONNECT_POLL, useCluster } from '../../../renderer/src/stores/cluster.js';
import type { ClusterInfo, DockerStatus } from '@kubedeck/contract';
import { fakeBridge, type FakeBridge } from './fake-bridge.mjs';
import { effectiveSettings } from '../../../orchestrator/config/form.js';

const DOCKER: DockerStatus = {
  reachable: true,
  version: '27.1.0',
  apiVersion: '1.46',
  os: 'linux',
  arch: 'amd64',
  operatingSystem: 'Debian GNU/Linux 12',
  containers: { cluster: 3, clusterRunning: 3, all: 5 },
  platform: 'linux',
  command: 'docker version',
};
const NO_DOCKER: DockerStatus = {
  reachable: false,
  error: 'Docker is not running',
  hint: 'start Docker (Linux: sudo systemctl start docker) and try again',
  platform: 'linux',
  command: 'docker version',
};

function info(extra: Partial<ClusterInfo> = {}): ClusterInfo {
  return {
    kubectl: 'kubectl cluster-info',
    message: '',
    name: 'kubedeck',
    state: 'running',
    apiServer: 'https://127.0.0.1:24257',
    version: 'v1.33.0-kubedeck',
    pid: 123,
    startedAt: new Date(Date.now() - 90_000).toISOString(),
    stateDir: '/home/me/.kubedeck/clusters/kubedeck',
    configFile: '/home/me/.kubedeck/clusters/kubedeck/cluster.yaml',
    nodes: { configured: 2, registered: 2, ready: 2 },
    settings: { crashLoopBackOff: { base: '1s' } },
    // The rows the server sends: the settings table's form rows with the values in effect.
    effective: effectiveSettings({ crashLoopBackOff: { base: '1s' } }, 2, { cpus: 2, memoryBytes: 2 ** 33 }),
    restartNeeded: false,
    docker: DOCKER,
    lifecycle: { available: true, endsConnection: true },
    commands: {
      status: 'kubedeck status',
      nodes: 'kubectl get nodes -o wide',
      version: 'kubectl version',
      settings: 'cat /home/me/.kubedeck/clusters/kubedeck/cluster.yaml',
      docker: 'docker version',
      containers: 'docker ps -a --filter label=kubedeck.cluster=kubedeck',
    },
    ...extra,
  };
}

describe('Cluster view', () => {
  let b: FakeBridge;
  let current: ClusterInfo;
  const poll = { ...DISCONNECT_POLL };
  beforeEach(() => {
    b = fakeBridge();
    current = info();
    b.reply = (name) => (name === 'clusterInfo' ? current : name === 'dockerStatus' ? DOCKER : {});
    setBridge(b);
    setActivePinia(createPinia());
    DISCONNECT_POLL.intervalMs = 5;
    DISCONNECT_POLL.attempts = 5;
  });
  afterEach(() => Object.assign(DISCONNECT_POLL, poll));
  const mountView = async () => {
    const router = createAppRouter(createMemoryHistory());
    const w = mount(ClusterView, { global: { plugins: [router] } });
    await flushPromises();
    return w;
  };

  it('shows name, API server, version, nodes, Docker and their CLI equivalents', async () => {
    const w = await mountView();
    expect(w.find('h1').text()).toBe('Cluster kubedeck');
    expect(w.find('[data-testid=api-server]').text()).toBe('https://127.0.0.1:24257');
    expect(w.find('[data-testid=cluster-version]').text()).toBe('v1.33.0-kubedeck');
    expect(w.find('[data-testid=cluster-nodes]').text()).toContain('2 Ready of 2 registered');
    expect(w.find('[data-testid=docker-version]').text()).toBe('27.1.0 (API 1.46)');
    expect(w.find('[data-testid=docker-containers]').text()).toContain("3 running of 3 for 'kubedeck'");
    const hints = w.findAll('[data-testid=kubectl-hint]').map((h) => h.text());
    expect(hints).toEqual(
      expect.arrayContaining([
        '$ kubectl cluster-info',
        '$ kubedeck status',
        '$ docker version',
        '$ docker ps -a --filter label=kubedeck.cluster=kubedeck',
        '$ kubedeck start --config /home/me/.kubedeck/clusters/kubedeck/cluster.yaml',
      ]),
    );
    expect(w.find('[data-testid=restart-needed]').exists()).toBe(false);
  });

  it('settings: values with units, in-effect values, cleared fields dropped, Save shows the command', async () => {
    const w = await mountView();
    expect((w.find('[data-testid="set-crashLoopBackOff.base"]').element as HTMLInputElement).value).toBe('1');
    expect(
      (w.find('[data-testid="set-crashLoopBackOff.base-unit"]').element as HTMLSelectElement).value,
    ).toBe('s');
    expect(w.find('[data-testid="effective-crashLoopBackOff.base"]').text()).toContain('1s');
    await w.find('[data-testid=set-nodes]').setValue(3);
    await w.find('[data-testid="set-crashLoopBackOff.base"]').setValue('');
    await w.find('[data-testid="set-nodeMonitorGracePeriod"]').setValue('4');
    await w.find('[data-testid="set-crashLoopBackOff.cap"]').setValue('500');
    await w.find('[data-testid="set-crashLoopBackOff.cap-unit"]').setValue('ms');
    await w.find('[data-testid=set-defaultTolerationSeconds]').setValue('30');
    await w.find('[data-testid=set-localImagesFirst]').setValue(false);
    b.reply = (name) =>
      name === 'saveClusterSettings'
        ? {
            kubectl: 'kubedeck stop && kubedeck start --config /x/cluster.yaml',
            message: 'Saved. Restart the cluster to apply them.',
            file: '/x/cluster.yaml',
            restartNeeded: true,
          }
        : name === 'clusterInfo'
          ? { ...current, restartNeeded: true }
          : DOCKER;
    await w.find('[data-testid=settings-form]').trigger('submit');
    await flushPromises();
    const save = b.calls.find((c) => c.name === 'saveClusterSettings')!;
    expect(save.params).toEqual({
      nodes: 3,
      settings: {
        crashLoopBackOff: { cap: '500ms' },
        nodeMonitorGracePeriod: '4s',
        defaultTolerationSeconds: 30,
        localImagesFirst: false,
      },
    });
    expect(w.find('[data-testid=settings-notice]').text()).toContain('Restart the cluster');
    expect(w.find('[data-testid=restart-needed]').exists()).toBe(true);
    expect(w.text()).toContain('kubedeck stop && kubedeck start --config /x/cluster.yaml');
  });

  it('settings: every row the server sends is a field, in its section (no renderer edit per setting)', async () => {
    const w = await mountView();
    for (const row of current.effective) {
      expect(w.find(`[data-testid="set-${row.key}"]`).exists(), row.key).toBe(true);
      expect(w.find(`[data-testid="effective-${row.key}"]`).text()).toContain(row.value);
    }
    const legends = w.findAll('legend').map((l) => l.text());
    expect(legends).toEqual([...new Set(current.effective.map((r) => r.group).filter(Boolean))]);
    expect(w.find('[data-testid=set-nodes]').attributes('max')).toBe('32');
  });

  it('settings: the server refusal is shown and nothing else changes', async () => {
    const w = await mountView();
    b.reply = (name) => {
      if (name === 'saveClusterSettings')
        throw new Error('cluster settings are invalid: crashLoopBackOff.base must be a duration like 10s');
      return current;
    };
    await w.find('[data-testid="set-crashLoopBackOff.base"]').setValue('abc');
    await w.find('[data-testid=settings-form]').trigger('submit');
    await flushPromises();
    expect(w.find('[data-testid=settings-error]').text()).toContain(
      'crashLoopBackOff.base must be a duration',
    );
    expect(w.find('[data-testid=settings-notice]').exists()).toBe(false);
  });

  it('stop asks first, warns the page will disconnect, then shows progress until it does', async () => {
    const w = await mountView();
    expect(w.find('[data-testid=lifecycle-confirm]').exists()).toBe(false);
    await w.find('[data-testid=cluster-stop]').trigger('click');
    expect(b.calls.some((c) => c.name === 'stopCluster')).toBe(false);
    expect(w.find('[data-testid=connection-warning]').exists()).toBe(true);
    expect(w.find('[data-testid=lifecycle-confirm]').text()).toContain('$ kubedeck stop');
    let infoCalls = 0;
    b.reply = (name) => {
      if (name === 'stopCluster')
        return {
          kubectl: 'kubedeck stop',
          message: 'Stop requested: this page loses its connection while the control plane stops',
          steps: ['Stop the control plane', 'Stop node and pod containers (kept for the next start)'],
          endsConnection: true,
        };
      if (name === 'clusterInfo' && ++infoCalls >= 2) throw new Error('Failed to fetch');
      return current;
    };
    await w.find('[data-testid=lifecycle-confirm]').trigger('submit');
    await flushPromises();
    await new Promise((r) => setTimeout(r, 60));
    await flushPromises();
    const steps = w.findAll('[data-testid=lifecycle-progress] li');
    expect(steps.map((s) => s.attributes('data-state'))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(steps[1].text()).toContain('Stop the control plane');
    expect(steps[4].text()).toContain('this page is disconnected');
    expect(w.find('[data-testid=disconnected]').text()).toContain('has stopped. Run kubedeck start');
    expect(w.find('[data-testid=cluster-state]').text()).toBe('disconnected');
    expect((w.find('[data-testid=cluster-restart]').element as HTMLButtonElement).disabled).toBe(true);
  });

  it('reset needs the cluster name typed; a failure is shown in the progress list', async () => {
    current = info({ lifecycle: { available: true, endsConnection: false } });
    const w = await mountView();
    await w.find('[data-testid=cluster-reset]').trigger('click');
    const run = () => w.find('[data-testid=lifecycle-run]').element as HTMLButtonElement;
    expect(run().disabled).toBe(true);
    await w.find('[data-testid=reset-confirm]').setValue('kubedeck');
    expect(run().disabled).toBe(false);
    b.reply = (name) => {
      if (name === 'resetCluster') throw new Error('Docker is not running');
      return current;
    };
    await w.find('[data-testid=lifecycle-confirm]').trigger('submit');
    await flushPromises();
    expect(b.calls.find((c) => c.name === 'resetCluster')!.params).toEqual({ confirm: 'kubedeck' });
    const last = w.findAll('[data-testid=lifecycle-progress] li').at(-1)!;
    expect(last.attributes('data-state')).toBe('failed');
    expect(last.text()).toContain('Docker is not running');
  });

  it('restart in a shell that can (Electron main) reloads the info when done', async () => {
    current = info({ lifecycle: { available: true, endsConnection: false } });
    const w = await mountView();
    b.reply = (name) =>
      name === 'restartCluster'
        ? {
            kubectl: 'kubedeck stop && kubedeck start',
            message: 'Cluster restarted',
            steps: ['✓ Stopped control plane', '✓ Control plane ready'],
            endsConnection: false,
          }
        : current;
    await w.find('[data-testid=cluster-restart]').trigger('click');
    await w.find('[data-testid=lifecycle-confirm]').trigger('submit');
    await flushPromises();
    const steps = w.findAll('[data-testid=lifecycle-progress] li');
    expect(steps.map((s) => s.text())).toEqual([
      '✓ Cluster restarted',
      '✓ ✓ Stopped control plane',
      '✓ ✓ Control plane ready',
    ]);
    expect(b.calls.filter((c) => c.name === 'clusterInfo')).toHaveLength(2);
  });
});

describe('first run', () => {
  let b: FakeBridge;
  let docker: DockerStatus;
  beforeEach(() => {
    b = fakeBridge();
    docker = NO_DOCKER;
    b.reply = (name) => (name === 'dockerStatus' ? docker : name === 'clusterInfo' ? info() : {});
    setBridge(b);
    setActivePinia(createPinia());
  });

  it('the app opens the first-run screen when Docker does not answer, once', async () => {
    const router = createAppRouter(createMemoryHistory());
    await router.push('/');
    const w = mount(App, { global: { plugins: [router] } });
    await flushPromises();
    await router.isReady();
    expect(router.currentRoute.value.path).toBe('/first-run');
    expect(useCluster().firstRunShown).toBe(true);
    w.unmount();
  });

  it('the app stays put when a busy engine answers too late (not known to be missing)', async () => {
    docker = { ...NO_DOCKER, slow: true, error: 'Docker did not answer within 10 s' };
    const router = createAppRouter(createMemoryHistory());
    await router.push('/pods');
    mount(App, { global: { plugins: [router] } });
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/pods');
    expect(useCluster().firstRunShown).toBe(false);
  });

  it('the app stays put when Docker answers', async () => {
    docker = DOCKER;
    const router = createAppRouter(createMemoryHistory());
    await router.push('/pods');
    mount(App, { global: { plugins: [router] } });
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/pods');
  });

  it('Linux: says what to install and start; Retry goes on to the Cluster screen once Docker answers', async () => {
    const router = createAppRouter(createMemoryHistory());
    await router.push('/first-run');
    const w = mount(FirstRunView, { global: { plugins: [router] } });
    await flushPromises();
    expect(w.find('[data-testid=first-run-error]').text()).toContain('Docker is not running');
    const text = w.find('[data-testid=steps-linux]').text();
    expect(text).toContain('docker.io');
    expect(text).toContain('sudo systemctl start docker');
    await w.find('[data-testid=first-run-retry]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid=still-unreachable]').exists()).toBe(true);
    docker = DOCKER;
    await w.find('[data-testid=first-run-retry]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/cluster');
  });

  it('macOS and Windows: Docker Desktop', async () => {
    docker = { ...NO_DOCKER, platform: 'darwin' };
    const router = createAppRouter(createMemoryHistory());
    const w = mount(FirstRunView, { global: { plugins: [router] } });
    await flushPromises();
    expect(w.find('[data-testid=steps-linux]').exists()).toBe(false);
    expect(w.find('[data-testid=steps-desktop]').text()).toContain('macOS: install and start Docker Desktop');
  });
});
