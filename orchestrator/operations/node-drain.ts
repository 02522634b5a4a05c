// kubectl drain for the dashboard: cordon, kubectl's pod filters, evictions and the wait for the
// evicted pods to go. Split from nodes.ts (power/cordon/membership) as its own concern.
import type { Registry } from '../api/registry/registry.js';
import { badRequest, notFound, StatusError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { getControllerOf, podKey } from '../controllers/util/pod-util.js';
import type { DrainParams, DrainPod, DrainResult } from '../contract/index.js';
import { kindInfo } from './kinds.js';
import { cordon } from './nodes.js';

const NODES = kindInfo('nodes');
const PODS = kindInfo('pods');

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

/** kubectl's filters in its order; the first one that keeps a pod decides, the last warning wins. */
function classify(registry: Registry, pod: KubeObject, force: boolean): Verdict {
  const v: Verdict = { evict: true };
  const ctl = getControllerOf(pod);
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
    .items.sort((a, b) => podKey(a).localeCompare(podKey(b)));
  const verdicts = onNode.map((pod) => ({ pod, v: classify(registry, pod, !!p.force) }));
  const pods: DrainPod[] = verdicts.map(({ pod, v }) => ({
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name!,
    outcome: v.fatal ? 'blocked' : v.evict ? 'evict' : 'skipped',
    ...(v.fatal || v.warning ? { reason: v.fatal ?? v.warning } : {}),
  }));
  const fatals = grouped(verdicts.filter((x) => x.v.fatal).map((x) => [x.v.fatal!, podKey(x.pod)]));
  if (fatals.length) {
    const errs = fatals.map((f) => `cannot delete ${f}`);
    const joined = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    lines.push(`error: unable to drain node "${name}" due to error: ${joined}`);
    return { kubectl, message: lines.join('\n'), drained: false, pods };
  }
  for (const w of grouped(verdicts.filter((x) => x.v.warning).map((x) => [x.v.warning!, podKey(x.pod)])))
    lines.push(`Warning: ${w}`);

  const toEvict = verdicts.filter((x) => x.v.evict);
  const result = (i: number) => pods[verdicts.indexOf(toEvict[i])];
  if (dry) {
    for (const { pod } of toEvict) lines.push(`evicting pod ${podKey(pod)}${dr}`);
    lines.push(`node/${name} drained${dr}`);
    return { kubectl, message: lines.join('\n'), drained: true, pods };
  }
  const waiting = new Map<number, string>(); // index → uid
  toEvict.forEach(({ pod }, i) => {
    lines.push(`evicting pod ${podKey(pod)}`);
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
