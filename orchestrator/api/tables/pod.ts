// Pod rows: a faithful port of upstream printPod (READY, STATUS reason, RESTARTS with "(x ago)").
import type { KubeObject } from '../types.js';
import { META_CREATION, META_NAME, POD } from './descriptions.js';
import { humanDuration, parseTime, since } from './duration.js';
import { int } from './format.js';
import { col, type Printer, type TableRowCondition } from './types.js';

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

interface ContainerState {
  waiting?: { reason?: string };
  running?: Record<string, unknown>;
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string };
}
interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

function isRestartableInit(c: { restartPolicy?: string } | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(pod: KubeObject, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
}

/** Upstream isPodInitializedConditionTrue: the first Initialized condition decides. */
function initializedTrue(pod: KubeObject): boolean {
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === 'Initialized');
  return c?.status === 'True';
}

/** Latest of a running "last restart" time and a status' lastState.terminated.finishedAt. */
function laterRestart(current: number | undefined, cs: ContainerStatus): number | undefined {
  const t = parseTime(cs.lastState?.terminated?.finishedAt);
  if (t === undefined) return current;
  return current === undefined || current < t ? t : current;
}

function terminatedReason(t: NonNullable<ContainerState['terminated']>, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  return int(t.signal) !== 0 ? `${prefix}Signal:${int(t.signal)}` : `${prefix}ExitCode:${int(t.exitCode)}`;
}

export function podStatusCells(
  pod: KubeObject,
  now: Date,
): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs: { name: string; restartPolicy?: string }[] = spec.initContainers ?? [];
  const initByName = new Map(initSpecs.map((c) => [c.name, c]));

  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase: string = status.phase ?? '';
  let reason: string = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  for (const c of initSpecs) if (isRestartableInit(c)) totalContainers++;

  let initializing = false;
  const initStatuses: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const restartable = isRestartableInit(initByName.get(cs.name));
    restarts += int(cs.restartCount);
    lastRestart = laterRestart(lastRestart, cs);
    if (restartable) {
      restartableInitRestarts += int(cs.restartCount);
      lastRestartableInitRestart = laterRestart(lastRestartableInitRestart, cs);
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && int(term.exitCode) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      reason = terminatedReason(term, 'Init:');
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = 'Init:' + waiting.reason;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedTrue(pod)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: ContainerStatus[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += int(cs.restartCount);
      lastRestart = laterRestart(lastRestart, cs);
      const st = cs.state ?? {};
      if (st.waiting && st.waiting.reason) {
        reason = st.waiting.reason;
      } else if (st.terminated) {
        reason = terminatedReason(st.terminated, '');
      } else if (cs.ready && st.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A "Completed" container next to a still-running one: report the pod as running.
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = !!pod.metadata.deletionTimestamp;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsStr };
}

function readinessGates(pod: KubeObject): string {
  const gates: { conditionType: string }[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions: { type: string; status: string }[] = pod.status?.conditions ?? [];
  let trueConditions = 0;
  for (const g of gates) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (c?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

const SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

export const podPrinter: Printer = {
  columns: [
    col('Name', 'string', META_NAME, 0, 'name'),
    col('Ready', 'string', POD.ready),
    col('Status', 'string', POD.status),
    col('Restarts', 'string', POD.restarts),
    col('Age', 'string', META_CREATION),
    col('IP', 'string', POD.podIP, 1),
    col('Node', 'string', POD.nodeName, 1),
    col('Nominated Node', 'string', POD.nominatedNodeName, 1),
    col('Readiness Gates', 'string', POD.readinessGates, 1),
  ],
  row(pod, now) {
    const { ready, reason, restarts } = podStatusCells(pod, now);
    // v1→internal conversion fills podIPs from a lone podIP, so fall back to it.
    const podIP: string = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    const cells = [
      pod.metadata.name ?? '',
      ready,
      reason,
      restarts,
      since(pod.metadata.creationTimestamp, now),
      podIP,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
    const phase = pod.status?.phase;
    const conditions = phase === 'Succeeded' ? SUCCEEDED : phase === 'Failed' ? FAILED : undefined;
    return conditions ? { cells, conditions } : { cells };
  },
};
