// Node health as upstream's tryUpdateNodeHealth sees it: a node is alive while its Ready
// condition's heartbeat or its Lease renewTime keeps changing; silent longer than the grace
// period (startup grace while it never posted Ready) → its conditions become Unknown.
import type { KubeObject } from '../../api/types.js';

export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface NodeHealth {
  /** Local time (ms) of the last observed sign of life. */
  probeTimestamp: number;
  heartbeat?: string;
  leaseRenew?: string;
}

export interface HealthSettings {
  gracePeriodMs: number;
  startupGracePeriodMs: number;
}

export function condition(node: KubeObject, type: string): any {
  return (node.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** Updates the tracked health from the node and its lease; returns the new record. */
export function observe(
  prev: NodeHealth | undefined,
  node: KubeObject,
  lease: KubeObject | undefined,
  now: number,
): NodeHealth {
  const heartbeat: string | undefined = condition(node, 'Ready')?.lastHeartbeatTime;
  const leaseRenew: string | undefined = lease?.spec?.renewTime;
  if (!prev) {
    // A node that never posted Ready is timed from its creation (upstream); others from now.
    const created = Date.parse(node.metadata.creationTimestamp ?? '');
    const start = heartbeat || !Number.isFinite(created) ? now : Math.min(now, created);
    return { probeTimestamp: start, heartbeat, leaseRenew };
  }
  const alive =
    (heartbeat !== undefined && heartbeat !== prev.heartbeat) ||
    (leaseRenew !== undefined && leaseRenew !== prev.leaseRenew);
  return { probeTimestamp: alive ? now : prev.probeTimestamp, heartbeat, leaseRenew };
}

export function isSilent(h: NodeHealth, node: KubeObject, s: HealthSettings, now: number): boolean {
  const grace = condition(node, 'Ready') ? s.gracePeriodMs : s.startupGracePeriodMs;
  return now > h.probeTimestamp + grace;
}

/**
 * The conditions a silent node gets: every monitored condition Unknown (NodeStatusUnknown), or
 * added as Unknown (NodeStatusNeverUpdated) when the kubelet never posted it. Undefined when
 * nothing changes.
 */
export function unknownConditions(node: KubeObject, nowText: string): any[] | undefined {
  const conds: any[] = (node.status?.conditions ?? []).map((c: any) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp,
        lastTransitionTime: nowText,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = nowText;
      changed = true;
    }
  }
  return changed ? conds : undefined;
}
