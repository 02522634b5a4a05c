import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';
import { realClock } from '../../../orchestrator/node/kubelet/clock.js';
import { LABEL } from '../../../orchestrator/node/kubelet/naming.js';
import { createSharedKubeletState, PodWorker } from '../../../orchestrator/node/kubelet/pod-worker.js';
import type { ProbeTransport } from '../../../orchestrator/node/kubelet/probe-transport.js';
import { kubeletSettings } from '../../../orchestrator/node/kubelet/settings.js';
import { StartGate } from '../../../orchestrator/node/kubelet/start-gate.js';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kd-pw-'));
  vi.useFakeTimers({
    now: Date.parse('2025-01-01T00:00:00Z'),
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(root, { recursive: true, force: true });
});

/** Advances fake time in steps, letting the worker's real file I/O finish between steps. */
async function advance(worker: PodWorker, ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
    // Real time, not fake: bounded so a sync parked on a fake timer does not stall the test.
    const until = performance.now() + 100;
    while (worker.busy && performance.now() < until) await new Promise((r) => setImmediate(r));
  }
}

function mkPod(spec: Record<string, any>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'default', uid: 'uid-1' },
    spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, nodeName: 'w1', ...spec },
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
    },
  };
}

function harness(
  pod: any,
  opts: { probe?: () => number; runtime?: FakeRuntime; failReports?: number; startGate?: StartGate } = {},
) {
  let failReports = opts.failReports ?? 0;
  const runtime = opts.runtime ?? new FakeRuntime();
  runtime.addImage('registry.k8s.io/pause:3.10');
  const settings = kubeletSettings({
    cluster: 'kd',
    node: 'w1',
    network: 'kd-net',
    rootDir: root,
    crashBackoff: { initialMs: 1000, maxMs: 8000 },
    clusterDNS: ['10.96.0.10'],
    hostIP: '172.18.0.2',
  });
  const statuses: any[] = [];
  const events: { type: string; reason: string; message: string; fieldPath?: string }[] = [];
  const state = { terminated: false };
  const probeTransport: ProbeTransport = {
    http: () => Promise.resolve({ statusCode: opts.probe?.() ?? 200 }),
    tcp: () => Promise.resolve(),
    exec: () => Promise.resolve({ exitCode: 0, output: '' }),
  };
  const worker = new PodWorker(pod, {
    runtime,
    clock: realClock,
    settings,
    sources: { getConfigMap: () => Promise.resolve(undefined), getSecret: () => Promise.resolve(undefined) },
    probeTransport,
    ...createSharedKubeletState(runtime, realClock, settings),
    ...(opts.startGate ? { startGate: opts.startGate } : {}),
    reportStatus: (_p, s) => {
      if (failReports-- > 0) return Promise.reject(new Error('connect ECONNREFUSED'));
      statuses.push(s);
      return Promise.resolve();
    },
    recordEvent: (_p, type, reason, message, fieldPath) =>
      void events.push({ type, reason, message, fieldPath }),
    onTerminated: () => {
      state.terminated = true;
    },
    onError: (_p, e) => {
      throw e;
    },
  });
  const last = () => statuses.at(-1);
  const app = (name = 'app') => last().containerStatuses.find((c: any) => c.name === name);
  const creates = () => runtime.calls.filter((c) => c.op === 'createContainer').map((c) => c.args[0] as any);
  return { runtime, worker, statuses, events, state, last, app, creates };
}

describe('PodWorker', () => {
  it('reports the same status again after a failed write (API down), not never', async () => {
    const h = harness(
      mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] }),
      { failReports: 1 },
    );
    h.runtime.addImage('app:v1');
    await h.worker.sync().catch(() => undefined);
    expect(h.statuses).toHaveLength(0);
    await h.worker.sync();
    h.worker.stop();
    expect(h.statuses).toHaveLength(1);
    expect(h.last().phase).toBe('Running');
  });

  it('runs a sandbox and the app container, reports Running and Ready', async () => {
    const h = harness(
      mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] }),
    );
    h.runtime.addImage('app:v1');
    await h.worker.sync();
    const [sandbox, app] = h.creates();
    expect(sandbox.name).toBe('k8s_POD_p1_default_uid-1_0');
    expect(sandbox.labels[LABEL.dockerType]).toBe('podsandbox');
    expect(sandbox.hostname).toBe('p1');
    expect(sandbox.networkMode).toBe('kd-net');
    expect(app.name).toBe('k8s_app_p1_default_uid-1_0');
    expect(app.networkMode).toMatch(/^container:[0-9a-f]{64}$/);
    expect(app.binds.some((b: string) => b.endsWith(':/etc/resolv.conf'))).toBe(true);
    expect(h.last().phase).toBe('Running');
    expect(h.last().podIP).toBeTruthy();
    expect(h.app().ready).toBe(true);
    expect(h.events.map((e) => e.reason)).toEqual(['Pulled', 'Created', 'Started']);
    expect(h.events[1]).toMatchObject({
      message: 'Created container app',
      fieldPath: 'spec.containers{app}',
    });
    h.worker.stop();
    // A fresh worker (agent restart) adopts the containers instead of duplicating them.
    const before = h.creates().length;
    const again = harness(
      mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] }),
      { runtime: h.runtime },
    );
    await again.worker.sync();
    again.worker.stop();
    expect(h.creates().length).toBe(before);
    expect(again.app().containerID).toBe(h.app().containerID);
    expect(again.last().phase).toBe('Running');
  });

  it('lists the runtime once for a sync that changes nothing, and not at all for one a fresh relist triggered', async () => {
    const h = harness(
      mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] }),
    );
    h.runtime.addImage('app:v1');
    await h.worker.sync();
    const lists = () => h.runtime.calls.filter((c) => c.op === 'listContainers').length;
    const reports = h.statuses.length;

    let before = lists();
    await h.worker.sync();
    expect(lists() - before).toBe(1);

    // A relist that began after the worker's last change shows all it did: no list of its own.
    const mine = (await h.runtime.listContainers({ [LABEL.podUid]: 'uid-1' })).filter(Boolean);
    before = lists();
    await h.worker.relisted(mine, performance.now());
    expect(lists() - before).toBe(0);
    expect(h.statuses).toHaveLength(reports); // nothing changed, nothing reported

    // One that began before the worker's last change may miss it: the worker lists again.
    const stale = performance.now();
    const [app] = mine.filter((c) => c.labels[LABEL.containerName] === 'app');
    await h.runtime.stopContainer(app.id, 0);
    await h.worker.sync(); // sees the exit, restarts the container (a change)
    before = lists();
    await h.worker.relisted(mine, stale);
    expect(lists() - before).toBeGreaterThanOrEqual(1);
    h.worker.stop();
  });

  it('a pod waits for a start slot, and one deleted while waiting never gets a sandbox', async () => {
    const gate = new StartGate({ concurrency: 1, holdMs: 60_000 }, realClock);
    const pod = mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] });
    const h = harness(pod, { startGate: gate });
    h.runtime.addImage('app:v1');
    const busy = await gate.acquire(); // another pod of the node is starting
    const syncing = h.worker.sync();
    await advance(h.worker, 200);
    expect(gate.queued).toBe(1);
    expect(h.creates()).toHaveLength(0);
    const deleted = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: '2025-01-01T00:00:01Z', deletionGracePeriodSeconds: 0 },
    };
    h.worker.update(deleted);
    busy();
    await advance(h.worker, 200);
    await syncing;
    expect(h.creates()).toHaveLength(0);
    expect(h.state.terminated).toBe(true);
    expect(gate.queued).toBe(0);
    // The slot it got was handed back: the next pod starts at once.
    const next = await gate.acquire();
    next();
  });

  it('crash loop: Error → CrashLoopBackOff with doubling gaps, restartCount and lastState', async () => {
    const h = harness(
      mkPod({ containers: [{ name: 'app', image: 'crash:v1', imagePullPolicy: 'IfNotPresent' }] }),
    );
    h.runtime.addImage('crash:v1');
    h.runtime.script('crash:v1', { exitAfterMs: 100, exitCode: 1 });
    const startTimes: number[] = [];
    const exitTimes: number[] = [];
    const origStart = h.runtime.startContainer.bind(h.runtime);
    h.runtime.startContainer = async (id: string) => {
      const info = await h.runtime.inspectContainer(id);
      await origStart(id);
      if (info?.labels[LABEL.dockerType] === 'container') {
        startTimes.push(Date.now());
        void h.runtime.waitContainer(id).then(() => exitTimes.push(Date.now()));
      }
    };
    await h.worker.sync();
    await advance(h.worker, 20_000);
    h.worker.stop();
    // Gaps between an exit and the next start: immediate, then 1 s, 2 s, 4 s, 8 s (cap). Never
    // shorter than the back-off; at most one harness step (50 ms) longer.
    const gaps = startTimes.slice(1).map((s, i) => s - exitTimes[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    [0, 1000, 2000, 4000, 8000].forEach((want, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(want);
      expect(gaps[i]).toBeLessThanOrEqual(want + 60);
    });
    const waiting = h.statuses.filter(
      (s) => s.containerStatuses[0].state.waiting?.reason === 'CrashLoopBackOff',
    );
    expect(waiting.length).toBeGreaterThan(0);
    const w = waiting.at(-1).containerStatuses[0];
    expect(w.state.waiting.message).toMatch(
      /^back-off \d+s restarting failed container=app pod=p1_default\(uid-1\)$/,
    );
    expect(w.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(w.lastState.terminated.containerID).toMatch(/^docker:\/\//);
    expect(w.ready).toBe(false);
    expect(waiting.at(-1).phase).toBe('Running');
    const counts = h.statuses.map((s) => s.containerStatuses[0].restartCount);
    expect(Math.max(...counts)).toBe(startTimes.length - 1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(
      h.events.some(
        (e) =>
          e.reason === 'BackOff' &&
          e.message === 'Back-off restarting failed container app in pod p1_default(uid-1)',
      ),
    ).toBe(true);
    // Only the newest two instances are kept (current + previous for logs --previous).
    expect((await h.runtime.listContainers({ [LABEL.containerName]: 'app' })).length).toBeLessThanOrEqual(2);
  });

  it('restartPolicy Never: a completed container makes the pod Succeeded, without restarts', async () => {
    const h = harness(
      mkPod({
        restartPolicy: 'Never',
        containers: [{ name: 'job', image: 'job:v1', imagePullPolicy: 'IfNotPresent' }],
      }),
    );
    h.runtime.addImage('job:v1');
    h.runtime.script('job:v1', { exitAfterMs: 50, exitCode: 0 });
    await h.worker.sync();
    await advance(h.worker, 5_000);
    h.worker.stop();
    expect(h.last().phase).toBe('Succeeded');
    expect(h.app('job').state.terminated.reason).toBe('Completed');
    expect(h.creates().filter((c) => c.labels[LABEL.dockerType] === 'container')).toHaveLength(1);
  });

  it('deletion: preStop, SIGTERM with the deletion grace, SIGKILL when ignored, then removal', async () => {
    const pod = mkPod({
      containers: [
        {
          name: 'app',
          image: 'stubborn:v1',
          imagePullPolicy: 'IfNotPresent',
          lifecycle: { preStop: { exec: { command: ['sleep', '0'] } } },
        },
      ],
    });
    const h = harness(pod);
    h.runtime.addImage('stubborn:v1');
    h.runtime.script('stubborn:v1', { ignoreSigterm: true });
    await h.worker.sync();
    h.worker.update({
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: '2025-01-01T00:00:10Z', deletionGracePeriodSeconds: 5 },
    });
    await advance(h.worker, 4_000, 500);
    expect(h.state.terminated).toBe(false);
    expect(h.runtime.calls.some((c) => c.op === 'exec' && (c.args[1] as string[])[0] === 'sleep')).toBe(true);
    const stops = h.runtime.calls.filter((c) => c.op === 'stopContainer');
    expect(stops[0].args[1]).toBe(5);
    await advance(h.worker, 1_500, 500);
    expect(h.state.terminated).toBe(true);
    expect(h.events).toContainEqual({
      type: 'Normal',
      reason: 'Killing',
      message: 'Stopping container app',
      fieldPath: 'spec.containers{app}',
    });
    expect(h.app().state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(await h.runtime.listContainers({ [LABEL.podUid]: 'uid-1' })).toEqual([]);
    await expect(fs.access(path.join(root, 'pods', 'uid-1'))).rejects.toThrow();
  });

  it('an image change kills and restarts the container', async () => {
    const pod = mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] });
    const h = harness(pod);
    h.runtime.addImage('app:v1');
    h.runtime.addImage('app:v2');
    await h.worker.sync();
    await h.worker.sync();
    h.worker.update({
      ...pod,
      spec: { ...pod.spec, containers: [{ name: 'app', image: 'app:v2', imagePullPolicy: 'IfNotPresent' }] },
    });
    await advance(h.worker, 3_000);
    h.worker.stop();
    expect(h.events).toContainEqual({
      type: 'Normal',
      reason: 'Killing',
      message: 'Container app definition changed, will be restarted',
      fieldPath: 'spec.containers{app}',
    });
    const apps = h.creates().filter((c) => c.labels[LABEL.dockerType] === 'container');
    expect(apps.map((c) => c.image)).toEqual(['app:v1', 'app:v2']);
    expect(apps[1].name).toBe('k8s_app_p1_default_uid-1_1');
    expect(h.app().state.running).toBeTruthy();
    expect(h.app().image).toBe('app:v2');
    expect(h.app().restartCount).toBe(1);
  });

  it('failing liveness restarts the container with Unhealthy and Killing events', async () => {
    const pod = mkPod({
      containers: [
        {
          name: 'app',
          image: 'app:v1',
          imagePullPolicy: 'IfNotPresent',
          livenessProbe: {
            httpGet: { port: 80, path: '/' },
            periodSeconds: 1,
            failureThreshold: 2,
            timeoutSeconds: 1,
            successThreshold: 1,
          },
        },
      ],
    });
    const h = harness(pod, { probe: () => 500 });
    h.runtime.addImage('app:v1');
    await h.worker.sync();
    await advance(h.worker, 2_500);
    h.worker.stop();
    expect(
      h.events.some(
        (e) =>
          e.reason === 'Unhealthy' &&
          e.message === 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      ),
    ).toBe(true);
    expect(h.events).toContainEqual({
      type: 'Normal',
      reason: 'Killing',
      message: 'Container app failed liveness probe, will be restarted',
      fieldPath: 'spec.containers{app}',
    });
    expect(h.app().restartCount).toBeGreaterThanOrEqual(1);
  });

  it('failing readiness keeps the pod Running but not Ready, without restarts', async () => {
    const pod = mkPod({
      containers: [
        {
          name: 'app',
          image: 'app:v1',
          imagePullPolicy: 'IfNotPresent',
          readinessProbe: {
            httpGet: { port: 80, path: '/' },
            periodSeconds: 1,
            failureThreshold: 1,
            successThreshold: 1,
          },
        },
      ],
    });
    const h = harness(pod, { probe: () => 503 });
    h.runtime.addImage('app:v1');
    await h.worker.sync();
    await advance(h.worker, 5_000);
    h.worker.stop();
    expect(h.last().phase).toBe('Running');
    expect(h.app().ready).toBe(false);
    expect(h.app().restartCount).toBe(0);
    expect(h.last().conditions.find((c: any) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      message: 'containers with unready status: [app]',
    });
  });

  it('a missing image: ErrImagePull then ImagePullBackOff with events', async () => {
    const h = harness(
      mkPod({ containers: [{ name: 'app', image: 'does-not-exist:v9', imagePullPolicy: 'IfNotPresent' }] }),
    );
    await h.worker.sync();
    expect(h.app().state.waiting.reason).toBe('ErrImagePull');
    await advance(h.worker, 1_000);
    h.worker.stop();
    expect(h.app().state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "does-not-exist:v9"',
    });
    expect(h.last().phase).toBe('Pending');
    const reasons = h.events.map((e) => `${e.reason}:${e.message}`);
    expect(reasons).toContain('Pulling:Pulling image "does-not-exist:v9"');
    expect(reasons).toContain('Failed:Error: ErrImagePull');
    expect(reasons).toContain('BackOff:Back-off pulling image "does-not-exist:v9"');
    expect(reasons).toContain('Failed:Error: ImagePullBackOff');
  });

  it('init containers run first, in order', async () => {
    const h = harness(
      mkPod({
        initContainers: [{ name: 'init', image: 'init:v1', imagePullPolicy: 'IfNotPresent' }],
        containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }],
      }),
    );
    h.runtime.addImage('init:v1');
    h.runtime.addImage('app:v1');
    h.runtime.script('init:v1', { exitAfterMs: 500, exitCode: 0 });
    await h.worker.sync();
    expect(h.last().phase).toBe('Pending');
    expect(h.app().state.waiting.reason).toBe('PodInitializing');
    await advance(h.worker, 1_000);
    h.worker.stop();
    expect(
      h
        .creates()
        .filter((c) => c.labels[LABEL.dockerType] === 'container')
        .map((c) => c.labels[LABEL.containerName]),
    ).toEqual(['init', 'app']);
    expect(h.last().phase).toBe('Running');
    expect(h.last().initContainerStatuses[0].state.terminated.reason).toBe('Completed');
    expect(h.last().conditions.find((c: any) => c.type === 'Initialized').status).toBe('True');
  });

  it('missing configMap: FailedMount for a volume, CreateContainerConfigError for env', async () => {
    const vol = harness(
      mkPod({
        volumes: [{ name: 'cfg', configMap: { name: 'absent' } }],
        containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }],
      }),
    );
    vol.runtime.addImage('app:v1');
    await vol.worker.sync();
    vol.worker.stop();
    expect(vol.events).toContainEqual({
      type: 'Warning',
      reason: 'FailedMount',
      message: 'MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found',
      fieldPath: undefined,
    });
    expect(vol.app().state.waiting.reason).toBe('ContainerCreating');
    expect(vol.last().phase).toBe('Pending');

    const env = harness(
      mkPod({
        containers: [
          {
            name: 'app',
            image: 'app:v1',
            imagePullPolicy: 'IfNotPresent',
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }],
          },
        ],
      }),
    );
    env.runtime.addImage('app:v1');
    await env.worker.sync();
    env.worker.stop();
    expect(env.app().state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "absent" not found',
    });
    expect(env.events).toContainEqual({
      type: 'Warning',
      reason: 'Failed',
      message: 'Error: configmap "absent" not found',
      fieldPath: 'spec.containers{app}',
    });
  });
});

describe('PodWorker: ephemeral containers', () => {
  it("starts one in the sandbox and the target's PID namespace, reports it, never restarts it", async () => {
    const pod = mkPod({ containers: [{ name: 'app', image: 'app:v1', imagePullPolicy: 'IfNotPresent' }] });
    const h = harness(pod);
    h.runtime.addImage('app:v1');
    h.runtime.addImage('debug:v1');
    h.runtime.script('debug:v1', { exitAfterMs: 1000, exitCode: 3 });
    await h.worker.sync();
    const appCreate = h.creates().find((c) => c.labels[LABEL.containerName] === 'app');
    const appId = (await h.runtime.listContainers({ [LABEL.containerName]: 'app' }))[0].id;
    h.worker.update({
      ...pod,
      spec: {
        ...pod.spec,
        ephemeralContainers: [
          { name: 'dbg', image: 'debug:v1', imagePullPolicy: 'IfNotPresent', targetContainerName: 'app' },
        ],
      },
    });
    await advance(h.worker, 50);
    const dbg = h.creates().find((c) => c.labels[LABEL.containerName] === 'dbg');
    expect(dbg.pidMode).toBe(`container:${appId}`);
    expect(dbg.networkMode).toBe(appCreate.networkMode);
    expect(dbg.name).toBe('k8s_dbg_p1_default_uid-1_0');
    expect(h.last().ephemeralContainerStatuses[0]).toMatchObject({
      name: 'dbg',
      ready: false,
      restartCount: 0,
      state: { running: {} },
    });
    await advance(h.worker, 3_000);
    h.worker.stop();
    expect(h.last().ephemeralContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 3 });
    expect(h.creates().filter((c) => c.labels[LABEL.containerName] === 'dbg')).toHaveLength(1);
    // Neither the phase nor readiness counts it.
    expect(h.last().phase).toBe('Running');
    expect(h.last().conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    expect(
      h.events.some((e) => e.fieldPath === 'spec.ephemeralContainers{dbg}' && e.reason === 'Started'),
    ).toBe(true);
  });
});
