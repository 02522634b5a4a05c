import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../orchestrator/runtime/types.js';
import { computePodStatus, type ObservedContainer } from '../../../orchestrator/node/kubelet/status.js';

const NOW = '2025-01-01T00:10:00Z';
function info(id: string, state: ContainerInfo['state'], extra: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id,
    name: id,
    image: 'app:v1',
    imageId: 'sha256:abc',
    labels: {},
    state,
    exitCode: 0,
    oomKilled: false,
    ips: {},
    startedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}
const obs = (name: string, restartCount: number, i: ContainerInfo): ObservedContainer => ({
  name,
  restartCount,
  info: i,
  imageRef: 'docker://sha256:abc',
});
function pod(spec: Record<string, any>) {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { restartPolicy: 'Always', ...spec },
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: 'T0', lastProbeTime: null }],
    },
  };
}
const cond = (s: any, t: string) => s.conditions.find((c: any) => c.type === t);

describe('computePodStatus', () => {
  it('running and ready', () => {
    const s = computePodStatus({
      pod: pod({ containers: [{ name: 'web', image: 'app:v1' }] }),
      containers: [obs('web', 0, info('c1', 'running'))],
      reasons: new Map(),
      sandbox: { ready: true, ip: '10.1.0.5' },
      hostIP: '172.18.0.3',
      now: NOW,
    });
    expect(s.phase).toBe('Running');
    expect(s.podIP).toBe('10.1.0.5');
    expect(s.podIPs).toEqual([{ ip: '10.1.0.5' }]);
    expect(s.hostIP).toBe('172.18.0.3');
    expect(s.qosClass).toBe('BestEffort');
    expect(s.containerStatuses[0]).toEqual({
      name: 'web',
      state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: 'app:v1',
      imageID: 'docker://sha256:abc',
      containerID: 'docker://c1',
      started: true,
    });
    expect(s.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
  });

  it('readiness false → not ready with the upstream message', () => {
    const s = computePodStatus({
      pod: pod({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'x' },
        ],
      }),
      containers: [obs('a', 0, info('c1', 'running')), obs('b', 0, info('c2', 'running'))],
      reasons: new Map(),
      ready: () => false,
      sandbox: { ready: true, ip: '10.1.0.5' },
      now: NOW,
    });
    expect(s.phase).toBe('Running');
    expect(cond(s, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [a b]',
    });
  });

  it('crash loop: waiting CrashLoopBackOff with lastState terminated Error', () => {
    const s = computePodStatus({
      pod: pod({ containers: [{ name: 'app', image: 'app:v1' }] }),
      containers: [
        obs('app', 2, info('c3', 'exited', { exitCode: 1, finishedAt: '2025-01-01T00:00:05Z' })),
        obs('app', 1, info('c2', 'exited', { exitCode: 1 })),
      ],
      reasons: new Map([
        [
          'app',
          {
            reason: 'CrashLoopBackOff',
            message: 'back-off 20s restarting failed container=app pod=p_default(u)',
          },
        ],
      ]),
      sandbox: { ready: true, ip: '10.1.0.5' },
      now: NOW,
    });
    const cs = s.containerStatuses[0];
    expect(s.phase).toBe('Running');
    expect(cs.state).toEqual({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: 'back-off 20s restarting failed container=app pod=p_default(u)',
      },
    });
    expect(cs.lastState.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
      containerID: 'docker://c3',
      finishedAt: '2025-01-01T00:00:05Z',
    });
    expect(cs.restartCount).toBe(2);
    expect(cs.ready).toBe(false);
  });

  it('terminated Error shows before a back-off reason exists', () => {
    const s = computePodStatus({
      pod: pod({ containers: [{ name: 'app', image: 'app:v1' }] }),
      containers: [obs('app', 0, info('c1', 'exited', { exitCode: 2 }))],
      reasons: new Map(),
      sandbox: { ready: true },
      now: NOW,
    });
    expect(s.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(s.phase).toBe('Running');
  });

  it('completed under Never → Succeeded, PodCompleted conditions', () => {
    const s = computePodStatus({
      pod: pod({ restartPolicy: 'Never', containers: [{ name: 'job', image: 'x' }] }),
      containers: [obs('job', 0, info('c1', 'exited', { exitCode: 0 }))],
      reasons: new Map(),
      sandbox: { ready: false },
      now: NOW,
    });
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses[0].state.terminated.reason).toBe('Completed');
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('OOMKilled under Never → Failed', () => {
    const s = computePodStatus({
      pod: pod({ restartPolicy: 'Never', containers: [{ name: 'hog', image: 'x' }] }),
      containers: [obs('hog', 0, info('c1', 'exited', { exitCode: 137, oomKilled: true }))],
      reasons: new Map(),
      now: NOW,
    });
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cond(s, 'Ready')).toMatchObject({ reason: 'PodFailed' });
  });

  it('init container running → Pending, Initialized False, app PodInitializing', () => {
    const s = computePodStatus({
      pod: pod({ initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }] }),
      containers: [obs('init', 0, info('i1', 'running'))],
      reasons: new Map(),
      sandbox: { ready: true, ip: '10.1.0.9' },
      now: NOW,
    });
    expect(s.phase).toBe('Pending');
    expect(s.initContainerStatuses[0].ready).toBe(false);
    expect(s.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(cond(s, 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init]',
    });
  });

  it('normalises Docker nanosecond times; completed init containers are ready', () => {
    const s = computePodStatus({
      pod: pod({ initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }] }),
      containers: [
        obs(
          'init',
          0,
          info('i1', 'exited', {
            startedAt: '2025-01-01T00:00:01.5Z',
            finishedAt: '2025-01-01T00:00:02.999999999Z',
          }),
        ),
        obs('app', 0, info('a1', 'running', { startedAt: '2025-01-01T00:00:03.123456789Z' })),
      ],
      reasons: new Map(),
      sandbox: { ready: true },
      now: NOW,
    });
    expect(s.initContainerStatuses[0]).toMatchObject({
      ready: true,
      started: false,
      state: {
        terminated: {
          startedAt: '2025-01-01T00:00:01Z',
          finishedAt: '2025-01-01T00:00:02Z',
          reason: 'Completed',
        },
      },
    });
    expect(s.containerStatuses[0].state.running.startedAt).toBe('2025-01-01T00:00:03Z');
    expect(cond(s, 'Initialized').status).toBe('True');
    expect(s.phase).toBe('Running');
  });

  it('keeps lastTransitionTime of unchanged conditions', () => {
    const p = pod({ containers: [{ name: 'web', image: 'x' }] });
    const first = computePodStatus({
      pod: p,
      containers: [obs('web', 0, info('c1', 'running'))],
      reasons: new Map(),
      sandbox: { ready: true },
      now: NOW,
    });
    const second = computePodStatus({
      pod: { ...p, status: first },
      containers: [obs('web', 0, info('c1', 'running'))],
      reasons: new Map(),
      sandbox: { ready: true },
      now: '2030-01-01T00:00:00Z',
    });
    expect(cond(second, 'Ready').lastTransitionTime).toBe(NOW);
    expect(second.startTime).toBe(NOW);
  });
});
