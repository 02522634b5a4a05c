// Power actions in flight or just done, per node, shared by NodeActions and the node views. The
// Node object alone cannot tell: after a power-off it stays Ready until the node controller's grace
// period expires, so the UI remembers "stopping…" / "powered off" until the condition catches up.
import { reactive } from 'vue';
import type { KObject } from '@kubedeck/contract';

export type PowerPhase = 'stopping' | 'stopped' | 'starting' | 'removing' | 'draining';
export const powerPhases = reactive(new Map<string, PowerPhase>());

export function readyCondition(node: KObject): { status: string; reason?: string; message?: string } {
  const c = (node.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  return c ? { status: c.status, reason: c.reason, message: c.message } : { status: 'Unknown' };
}

/** What the node's state line says, e.g. "Ready", "stopping…", "NotReady (Unknown)". */
export function nodeStateText(node: KObject, phase: PowerPhase | undefined): { text: string; tone: string } {
  const ready = readyCondition(node);
  const base =
    ready.status === 'True' ? 'Ready' : ready.status === 'Unknown' ? 'NotReady (Unknown)' : 'NotReady';
  const cordoned = node.spec?.unschedulable ? ',SchedulingDisabled' : '';
  if (phase === 'stopping') return { text: 'stopping…', tone: 'busy' };
  if (phase === 'starting') return { text: 'starting…', tone: 'busy' };
  if (phase === 'removing') return { text: 'removing…', tone: 'busy' };
  if (phase === 'draining') return { text: `draining…${cordoned}`, tone: 'busy' };
  if (phase === 'stopped' && ready.status === 'True')
    return { text: 'powered off — NotReady once the node controller notices', tone: 'busy' };
  return { text: base + cordoned, tone: ready.status === 'True' ? 'ok' : 'bad' };
}

/** Forget "powered off" once the Node itself shows it (or it came back Ready after a start). */
export function settlePhase(node: KObject): void {
  const name = node.metadata.name!;
  const phase = powerPhases.get(name);
  if (phase === 'stopped' && readyCondition(node).status !== 'True') powerPhases.delete(name);
}
