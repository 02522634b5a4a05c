import { describe, expect, it } from 'vitest';
import { toTable } from '../../../orchestrator/api/tables/index.js';
import type { KubeObject } from '../../../orchestrator/api/types.js';
import { M, NOW, S, ago, info } from './helpers.js';

const PODS = info('', 'v1', 'pods');

function pod(spec: any, status: any, meta: any = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(5 * M), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

function cells(p: KubeObject): unknown[] {
  return toTable(PODS, [p], { now: NOW }).rows[0].cells;
}

/** [READY, STATUS, RESTARTS] */
function summary(p: KubeObject): unknown[] {
  return cells(p).slice(1, 4);
}

const running = { running: { startedAt: ago(4 * M) } };

describe('pod table columns', () => {
  it('has upstream names, types and priorities', () => {
    const t = toTable(PODS, [], { now: NOW });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(t.columnDefinitions[0].format).toBe('name');
    expect(t.columnDefinitions[1].format).toBe('');
    expect(t.columnDefinitions[4].description).toContain('CreationTimestamp is a timestamp');
    expect(t.columnDefinitions[4].description).toContain('UTC.\n\nPopulated by the system');
    expect(t.rows).toEqual([]);
  });
});

describe('pod STATUS / READY / RESTARTS', () => {
  it('running and ready', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
      },
    );
    expect(cells(p).slice(0, 5)).toEqual(['p', '1/1', 'Running', '0', '5m']);
  });

  it('CrashLoopBackOff with restarts and last restart time', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(12 * S) } },
          },
        ],
      },
    );
    expect(summary(p)).toEqual(['0/1', 'CrashLoopBackOff', '4 (12s ago)']);
  });

  it('restart count without a recorded finish time prints just the number', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: running }],
      },
    );
    expect(summary(p)).toEqual(['1/1', 'Running', '2']);
  });

  it('pending with ContainerCreating', () => {
    const p = pod(
      { nodeName: 'n1' },
      {
        phase: 'Pending',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    );
    expect(summary(p)).toEqual(['0/1', 'ContainerCreating', '0']);
  });

  it('pending without statuses shows the phase', () => {
    expect(summary(pod({}, { phase: 'Pending' }))).toEqual(['0/1', 'Pending', '0']);
  });

  it('Terminating when deletionTimestamp is set on a running pod', () => {
    const p = pod(
      {},
      {
        phase: 'Running',
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
      },
      { deletionTimestamp: ago(1 * S) },
    );
    expect(summary(p)).toEqual(['1/1', 'Terminating', '0']);
  });

  it('terminal pods keep their status while being deleted', () => {
    const p = pod(
      {},
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      { deletionTimestamp: ago(1 * S) },
    );
    expect(summary(p)).toEqual(['0/1', 'Completed', '0']);
  });

  it('Unknown for a NodeLost pod being deleted', () => {
    const p = pod({}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(1 * S) });
    expect(summary(p)[1]).toBe('Unknown');
  });

  it('status.reason overrides the phase (Evicted)', () => {
    expect(summary(pod({}, { phase: 'Failed', reason: 'Evicted' }))[1]).toBe('Evicted');
  });

  it('SchedulingGated from the PodScheduled condition', () => {
    const p = pod(
      { schedulingGates: [{ name: 'g' }] },
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    );
    expect(summary(p)[1]).toBe('SchedulingGated');
  });

  it('Completed with a row condition', () => {
    const p = pod(
      {},
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
    );
    const row = toTable(PODS, [p], { now: NOW }).rows[0];
    expect(row.cells.slice(1, 4)).toEqual(['0/1', 'Completed', '0']);
    expect(row.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  it('Failed pods get the failed row condition; running pods none', () => {
    const failed = toTable(PODS, [pod({}, { phase: 'Failed' })], { now: NOW }).rows[0];
    expect(failed.conditions?.[0].reason).toBe('Failed');
    const ok = toTable(PODS, [pod({}, { phase: 'Running' })], { now: NOW }).rows[0];
    expect(ok.conditions).toBeUndefined();
  });

  it('terminated container without reason: ExitCode:N and Signal:N', () => {
    const exit = pod(
      {},
      {
        phase: 'Failed',
        containerStatuses: [{ name: 'app', restartCount: 0, state: { terminated: { exitCode: 3 } } }],
      },
    );
    expect(summary(exit)[1]).toBe('ExitCode:3');
    const sig = pod(
      {},
      {
        phase: 'Failed',
        containerStatuses: [
          { name: 'app', restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
        ],
      },
    );
    expect(summary(sig)[1]).toBe('Signal:9');
  });

  it('Completed next to a running container: Running if Ready, else NotReady', () => {
    const spec = {
      containers: [
        { name: 'job', image: 'x' },
        { name: 'side', image: 'y' },
      ],
    };
    const statuses = [
      {
        name: 'job',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
      { name: 'side', ready: true, restartCount: 0, state: running },
    ];
    const notReady = pod(spec, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: statuses,
    });
    expect(summary(notReady)).toEqual(['1/2', 'NotReady', '0']);
    const ready = pod(spec, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: statuses,
    });
    expect(summary(ready)).toEqual(['1/2', 'Running', '0']);
  });

  it('the first container status decides the reason (statuses are walked in reverse)', () => {
    const spec = {
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ],
    };
    const p = pod(spec, {
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: false, restartCount: 1, state: { waiting: { reason: 'ImagePullBackOff' } } },
        { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    });
    expect(summary(p)).toEqual(['0/2', 'ImagePullBackOff', '3']);
  });
});

describe('pod init containers', () => {
  const initSpec = (n = 1) => ({
    initContainers: Array.from({ length: n }, (_, i) => ({ name: `init${i}`, image: 'busybox' })),
  });
  const waitingApp = [
    { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
  ];

  it('Init:0/1 while the init container runs', () => {
    const p = pod(initSpec(), {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'init0', ready: false, restartCount: 0, state: running }],
      containerStatuses: waitingApp,
    });
    expect(summary(p)).toEqual(['0/1', 'Init:0/1', '0']);
  });

  it('Init:0/1 when the init container waits with PodInitializing', () => {
    const p = pod(initSpec(), {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'init0', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
      ],
    });
    expect(summary(p)[1]).toBe('Init:0/1');
  });

  it('Init:1/2 after the first init container succeeded', () => {
    const p = pod(initSpec(2), {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'init0', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'init1', restartCount: 0, state: running },
      ],
    });
    expect(summary(p)[1]).toBe('Init:1/2');
  });

  it('Init:CrashLoopBackOff counts init restarts', () => {
    const p = pod(initSpec(), {
      phase: 'Pending',
      initContainerStatuses: [
        {
          name: 'init0',
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * S) } },
        },
      ],
      containerStatuses: waitingApp,
    });
    expect(summary(p)).toEqual(['0/1', 'Init:CrashLoopBackOff', '3 (30s ago)']);
  });

  it('Init:Error, Init:ExitCode:N and Init:Signal:N', () => {
    const failing = (terminated: any) =>
      pod(initSpec(), {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init0', restartCount: 0, state: { terminated } }],
      });
    expect(summary(failing({ exitCode: 1, reason: 'Error' }))[1]).toBe('Init:Error');
    expect(summary(failing({ exitCode: 2 }))[1]).toBe('Init:ExitCode:2');
    expect(summary(failing({ exitCode: 143, signal: 15 }))[1]).toBe('Init:Signal:15');
  });

  it('after initialization, restarts of ordinary init containers are not counted', () => {
    const p = pod(initSpec(), {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      initContainerStatuses: [
        {
          name: 'init0',
          restartCount: 2,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * M) } },
        },
      ],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
    });
    expect(summary(p)).toEqual(['1/1', 'Running', '0']);
  });

  it('restartable (sidecar) init containers count toward READY and RESTARTS', () => {
    const p = pod(
      { initContainers: [{ name: 'sidecar', image: 'envoy', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        initContainerStatuses: [
          {
            name: 'sidecar',
            ready: true,
            started: true,
            restartCount: 2,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * M) } },
          },
        ],
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 1,
            state: running,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(90 * S) } },
          },
        ],
      },
    );
    expect(summary(p)).toEqual(['2/2', 'Running', '3 (90s ago)']);
  });

  it('a sidecar that has not started yet keeps the pod initializing', () => {
    const p = pod(
      { initContainers: [{ name: 'sidecar', image: 'envoy', restartPolicy: 'Always' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'sidecar', ready: false, started: false, restartCount: 0, state: running },
        ],
      },
    );
    expect(summary(p)).toEqual(['0/2', 'Init:0/1', '0']);
  });
});

describe('pod wide columns', () => {
  it('IP, node, nominated node and readiness gates', () => {
    const p = pod(
      {
        nodeName: 'node-1',
        readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
      },
      {
        phase: 'Running',
        podIP: '10.0.0.9',
        podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }],
        nominatedNodeName: 'node-2',
        conditions: [
          { type: 'example.com/a', status: 'True' },
          { type: 'example.com/b', status: 'False' },
        ],
      },
    );
    expect(cells(p).slice(5)).toEqual(['10.0.0.9', 'node-1', 'node-2', '1/2']);
  });

  it('<none> for unset IP, node, nominated node and gates', () => {
    expect(cells(pod({}, { phase: 'Pending' })).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('falls back to status.podIP when podIPs is absent', () => {
    expect(cells(pod({}, { phase: 'Running', podIP: '10.1.2.3' }))[5]).toBe('10.1.2.3');
  });
});

describe('pod AGE', () => {
  it('<unknown> without creationTimestamp and <invalid> for the future', () => {
    expect(cells(pod({}, {}, { creationTimestamp: undefined }))[4]).toBe('<unknown>');
    expect(cells(pod({}, {}, { creationTimestamp: ago(-10 * S) }))[4]).toBe('<invalid>');
  });
});
