// Node operations: cordon/uncordon patch spec.unschedulable like kubectl; stop/start/partition/heal
// are the failure simulation and add/remove the membership (`kubedeck node …`), run by the
// cluster's own node-ops code; drain follows kubectl drain; usage joins the node with metrics.
import type { Registry } from '../api/registry/registry.js';
import { badRequest, notFound, StatusError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { UserError } from '../cluster/errors.js';
import { metricsSourceFor } from '../metrics/source.js';
import { goDuration } from '../metrics/render.js';
import { holdsResources, podRequests, toResourceList } from '../scheduler/resources.js';
import type {
  AddNodeParams,
  AddNodeResult,
  DrainParams,
  DrainPod,
  DrainResult,
  NodeAction,
  NodeActionParams,
  NodeResources,
  NodeUsageResult,
  OpResult,
} from './contract.js';
import { kindInfo } from './kinds.js';

const NODES = kindInfo('nodes');
const PODS = kindInfo('pods');
export type PowerAction = Exclude<NodeAction, 'cordon' | 'uncordon'>;
/** Runs a power/partition action and returns the lines it reported. */
export type NodePower = (action: PowerAction, node: string) => Promise<string[]>;
/** Adds or removes a worker (Docker container + Node); tests inject a fake. */
export interface NodeMembership {
  add(opts: AddNodeParams): Promise<{ node: string; lines: string[] }>;
  remove(node: string): Promise<string[]>;
}

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** A node-ops failure becomes a Status the UI shows with its hint (what to do next). */
async function asStatus<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof UserError) throw new StatusError(400, 'BadRequest', e.line());
    throw e;
  }
}

/** The default power hook: the same functions `kubedeck node stop|start|partition|heal` call. */
export function clusterNodePower(clusterName: string, env: NodeJS.ProcessEnv = process.env): NodePower {
  return async (action, node) => {
    // Loaded lazily: Docker and the cluster's state files are only touched when a button is pressed.
    const ops = await import('../cluster/node-ops.js');
    const { RecordingReporter } = await import('../cluster/reporter.js');
    const reporter = new RecordingReporter();
    const fn = { stop: ops.stopNode, start: ops.startNode, partition: ops.partitionNode, heal: ops.healNode }[
      action
    ];
    await asStatus(() => fn({ name: clusterName, node }, { reporter, env }));
    return reporter.lines;
  };
}

/** The default membership hook: `kubedeck node add|rm` run inside the control-plane process. */
export function clusterNodeMembership(
  clusterName: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeMembership {
  const load = async () => ({
    ops: await import('../cluster/node-ops.js'),
    reporter: new (await import('../cluster/reporter.js')).RecordingReporter(),
  });
  return {
    async add(opts) {
      const { ops, reporter } = await load();
      const node = await asStatus(() =>
        ops.addNode({ name: clusterName, cpus: opts.cpus, memory: opts.memory }, { reporter, env }),
      );
      return { node, lines: reporter.lines };
    },
    async remove(node) {
      const { ops, reporter } = await load();
      await asStatus(() => ops.removeNode({ name: clusterName, node }, { reporter, env }));
      return reporter.lines;
    },
  };
}

const clusterFlag = (clusterName: string) =>
  clusterName && clusterName !== 'kubedeck' ? ` --name ${clusterName}` : '';

function cordon(registry: Registry, name: string, want: boolean): boolean {
  const n = registry.tryGet(NODES, '', name);
  if (!n) throw notFound(NODES, name);
  if (!!n.spec?.unschedulable === want) return false;
  registry.patch(
    NODES,
    '',
    name,
    'application/merge-patch+json',
    JSON.stringify({ spec: { unschedulable: want ? true : null } }),
    { fieldManager: 'kubectl-cordon' },
  );
  return true;
}

export async function nodeAction(
  registry: Registry,
  clusterName: string,
  power: NodePower | undefined,
  p: NodeActionParams,
): Promise<OpResult> {
  if (!p.node) throw badRequest('a node name is required');
  if (p.action === 'cordon' || p.action === 'uncordon') {
    const kubectl = `kubectl ${p.action} ${p.node}`;
    const changed = cordon(registry, p.node, p.action === 'cordon');
    return { kubectl, message: `node/${p.node} ${changed ? '' : 'already '}${p.action}ed` };
  }
  if (!['stop', 'start', 'partition', 'heal'].includes(p.action))
    throw badRequest(`unknown node action "${String(p.action)}"`);
  const lines = await (power ?? clusterNodePower(clusterName))(p.action, p.node);
  return {
    kubectl: `kubedeck node ${p.action} ${p.node}${clusterFlag(clusterName)}`,
    message: lines.join('\n'),
  };
}

// ---- add / remove ----------------------------------------------------------------------------

const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

export async function addNode(
  clusterName: string,
  membership: NodeMembership,
  p: AddNodeParams,
): Promise<AddNodeResult> {
  const cpus = p.cpus?.trim() || undefined;
  const memory = p.memory?.trim() || undefined;
  // The CLI's own checks, so the dialog gets the same answer before any container is made.
  if (cpus && (!CPU.test(cpus) || Number.parseFloat(cpus) <= 0))
    throw badRequest(`invalid --cpus "${cpus}": must be a CPU quantity like 2, 1.5 or 500m`);
  if (memory && (!MEMORY.test(memory) || Number.parseFloat(memory) <= 0))
    throw badRequest(`invalid --memory "${memory}": must be a memory quantity like 2Gi or 512Mi`);
  const kubectl = `kubedeck node add${cpus ? ` --cpus ${cpus}` : ''}${memory ? ` --memory ${memory}` : ''}${clusterFlag(clusterName)}`;
  const { node, lines } = await membership.add({ cpus, memory });
  return { kubectl, node, steps: lines, message: `Node ${node} joined and is Ready` };
}

export async function removeNode(
  registry: Registry,
  clusterName: string,
  membership: NodeMembership,
  p: { name: string },
): Promise<OpResult> {
  if (!p.name) throw badRequest('a node name is required');
  const n = registry.tryGet(NODES, '', p.name);
  if (n && CONTROL_PLANE_LABEL in (n.metadata.labels ?? {}))
    throw new StatusError(
      403,
      'Forbidden',
      `${p.name} is the control plane and cannot be removed; stop the whole cluster with \`kubedeck stop${clusterFlag(clusterName)}\``,
    );
  const lines = await membership.remove(p.name);
  return { kubectl: `kubedeck node rm ${p.name}${clusterFlag(clusterName)}`, message: lines.join('\n') };
}

// ---- drain -------------------------------------------------------------------------------------

// kubectl drain's filter texts (k8s.io/kubectl/pkg/drain), for --ignore-daemonsets --delete-emptydir-data.
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface Verdict {
  evict: boolean;
  warning?: string;
  fatal?: string;
}

const finished = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(pod.status?.phase);
const controllerOf = (pod: KubeObject) =>
  (pod.metadata.ownerReferences ?? []).find((r: any) => r.controller === true);

/** kubectl's filters in its order; the first one that keeps a pod decides, the last warning wins. */
function classify(registry: Registry, pod: KubeObject, force: boolean): Verdict {
  const v: Verdict = { evict: true };
  const ctl = controllerOf(pod);
  if (ctl?.kind === 'DaemonSet' && !finished(pod)) {
    // DaemonSets are not served here yet; when they are, an orphaned pod is handled like upstream.
    const ds = findResource('apps', 'v1', 'daemonsets');
    if (ds && !registry.tryGet(ds, pod.metadata.namespace!, ctl.name)) {
      const err = `daemonsets.apps "${ctl.name}" not found`;
      return force ? { evict: true, warning: err } : { evict: false, fatal: err };
    }
    return { evict: false, warning: DAEMONSET_WARNING };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { evict: false };
  if ((pod.spec?.volumes ?? []).some((vol: any) => vol.emptyDir) && !finished(pod))
    v.warning = LOCAL_STORAGE_WARNING;
  if (!finished(pod) && !ctl) {
    if (!force) return { evict: false, fatal: UNMANAGED_FATAL };
    v.warning = UNMANAGED_WARNING;
  }
  return v;
}

/** "msg: ns/a, ns/b" per distinct message, like kubectl's warning and error lists. */
function grouped(entries: [string, string][]): string[] {
  const by = new Map<string, string[]>();
  for (const [msg, pod] of entries) by.set(msg, [...(by.get(msg) ?? []), pod]);
  return [...by].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`);
}

export interface DrainDeps {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  pollMs?: number;
}

/**
 * kubectl drain NAME --ignore-daemonsets --delete-emptydir-data: cordon, refuse if any pod is
 * blocked, evict the rest through the eviction path (a delete with the eviction's options; no
 * PodDisruptionBudgets exist here), then wait for them to terminate.
 */
export async function drainNode(
  registry: Registry,
  p: DrainParams,
  deps: DrainDeps = {},
): Promise<DrainResult> {
  const name = p.name;
  if (!name) throw badRequest('a node name is required');
  if (!registry.tryGet(NODES, '', name)) throw notFound(NODES, name);
  const dry = p.dryRun === true;
  const kubectl = `kubectl drain ${name} --ignore-daemonsets --delete-emptydir-data${p.force ? ' --force' : ''}${dry ? ' --dry-run=client' : ''}`;
  const dr = dry ? ' (dry run)' : '';
  const lines: string[] = [];
  if (dry) lines.push(`node/${name} cordoned${dr}`);
  else lines.push(`node/${name} ${cordon(registry, name, true) ? '' : 'already '}cordoned`);

  const onNode = registry
    .list(PODS, undefined, { fieldSelector: `spec.nodeName=${name}` })
    .items.sort((a, b) => key(a).localeCompare(key(b)));
  const verdicts = onNode.map((pod) => ({ pod, v: classify(registry, pod, !!p.force) }));
  const pods: DrainPod[] = verdicts.map(({ pod, v }) => ({
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name!,
    outcome: v.fatal ? 'blocked' : v.evict ? 'evict' : 'skipped',
    ...(v.fatal || v.warning ? { reason: v.fatal ?? v.warning } : {}),
  }));
  const fatals = grouped(verdicts.filter((x) => x.v.fatal).map((x) => [x.v.fatal!, key(x.pod)]));
  if (fatals.length) {
    const errs = fatals.map((f) => `cannot delete ${f}`);
    const joined = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    lines.push(`error: unable to drain node "${name}" due to error: ${joined}`);
    return { kubectl, message: lines.join('\n'), drained: false, pods };
  }
  for (const w of grouped(verdicts.filter((x) => x.v.warning).map((x) => [x.v.warning!, key(x.pod)])))
    lines.push(`Warning: ${w}`);

  const toEvict = verdicts.filter((x) => x.v.evict);
  const result = (i: number) => pods[verdicts.indexOf(toEvict[i])];
  if (dry) {
    for (const { pod } of toEvict) lines.push(`evicting pod ${key(pod)}${dr}`);
    lines.push(`node/${name} drained${dr}`);
    return { kubectl, message: lines.join('\n'), drained: true, pods };
  }
  const waiting = new Map<number, string>(); // index → uid
  toEvict.forEach(({ pod }, i) => {
    lines.push(`evicting pod ${key(pod)}`);
    try {
      registry.delete(PODS, pod.metadata.namespace!, pod.metadata.name!, {});
      waiting.set(i, pod.metadata.uid!);
    } catch (e) {
      // Already gone counts as evicted, like kubectl's NotFound handling.
      if (e instanceof StatusError && e.code === 404) result(i).outcome = 'evicted';
      else {
        result(i).outcome = 'failed';
        result(i).reason = (e as Error).message;
        lines.push(
          `error when evicting pods/"${pod.metadata.name}" -n "${pod.metadata.namespace}": ${result(i).reason}`,
        );
      }
    }
  });
  await waitGone(registry, toEvict, waiting, (p.timeoutSeconds ?? 120) * 1000, deps);
  let timedOut = false;
  toEvict.forEach(({ pod }, i) => {
    if (!waiting.has(i) && result(i).outcome === 'evict') result(i).outcome = 'evicted';
    if (waiting.has(i)) {
      result(i).outcome = 'terminating';
      timedOut = true;
    }
    if (result(i).outcome === 'evicted') lines.push(`pod/${pod.metadata.name} evicted`);
  });
  const failed = pods.some((x) => x.outcome === 'failed');
  if (timedOut) lines.push(`error: unable to drain node "${name}" due to error: global timeout reached`);
  else if (!failed) lines.push(`node/${name} drained`);
  return { kubectl, message: lines.join('\n'), drained: !failed && !timedOut, pods };
}

const key = (pod: KubeObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

/** Waits until each evicted pod is gone or replaced by a same-named one (kubectl waitForDelete). */
async function waitGone(
  registry: Registry,
  toEvict: { pod: KubeObject }[],
  waiting: Map<number, string>,
  timeoutMs: number,
  deps: DrainDeps,
): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = deps.now ?? Date.now;
  const end = now() + timeoutMs;
  for (;;) {
    for (const [i, uid] of waiting) {
      const { pod } = toEvict[i];
      const cur = registry.tryGet(PODS, pod.metadata.namespace!, pod.metadata.name!);
      if (!cur || cur.metadata.uid !== uid) waiting.delete(i);
    }
    if (!waiting.size || now() >= end) return;
    await sleep(deps.pollMs ?? 200);
  }
}

// ---- usage -------------------------------------------------------------------------------------

function resources(raw: Record<string, unknown> | undefined): NodeResources {
  const r = toResourceList(raw);
  return {
    cpu: (r.cpu ?? 0) / 1000,
    memory: r.memory ?? 0,
    ...(r.pods !== undefined ? { pods: r.pods } : {}),
  };
}

/** Capacity, allocatable, summed pod requests and (when collected) live usage, like `kubectl top node`. */
export function nodeUsage(registry: Registry, p: { name: string }): NodeUsageResult {
  const node = registry.tryGet(NODES, '', p.name);
  if (!node) throw notFound(NODES, p.name);
  const requests = { cpu: 0, memory: 0, pods: 0 };
  for (const pod of registry.list(PODS, undefined, { fieldSelector: `spec.nodeName=${p.name}` }).items) {
    if (!holdsResources(pod)) continue;
    const r = podRequests(pod);
    requests.cpu += (r.cpu ?? 0) / 1000;
    requests.memory += r.memory ?? 0;
    requests.pods += 1;
  }
  const u = metricsSourceFor(registry)?.snapshot().nodes.get(p.name);
  return {
    kubectl: `kubectl top node ${p.name}`,
    message: u ? '' : 'metrics not yet available',
    capacity: resources(node.status?.capacity),
    allocatable: resources(node.status?.allocatable ?? node.status?.capacity),
    requests,
    ...(u
      ? {
          usage: {
            cpu: u.cpuNanoCores / 1e9,
            memory: u.memoryBytes,
            timestamp: new Date(u.timestampMs).toISOString(),
            window: goDuration(u.windowMs),
          },
        }
      : {}),
  };
}
