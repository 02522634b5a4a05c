// Liveness / readiness / startup probe workers with upstream prober semantics
// (pkg/kubelet/prober/worker.go): thresholds, initial delay, startup gating, on-hold after a
// liveness/startup failure until the container is replaced, Unhealthy events on each failure.
import type { Clock } from './clock.js';
import type { ProbeTransport } from './probe-transport.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure';

const PROBE_FIELD: Record<ProbeKind, string> = {
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
  startup: 'startupProbe',
};
const TITLE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export interface ProbeTarget {
  podIP?: string;
  containerId: string;
  /** Container ports, to resolve named ports. */
  ports?: { name?: string; containerPort: number }[];
}

function resolvePort(port: unknown, target: ProbeTarget): number {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const p = target.ports?.find((x) => x.name === port);
  if (!p) throw new Error(`couldn't find port ${String(port)}`);
  return p.containerPort;
}

/** Runs one probe attempt; never throws. */
export async function runProbe(
  probe: Record<string, any>,
  target: ProbeTarget,
  transport: ProbeTransport,
): Promise<{ result: ProbeResult; output: string }> {
  const timeoutMs = (probe.timeoutSeconds || 1) * 1000;
  try {
    if (probe.exec) {
      const r = await transport.exec(target.containerId, probe.exec.command ?? [], timeoutMs);
      return r.exitCode === 0
        ? { result: 'success', output: r.output }
        : { result: 'failure', output: r.output };
    }
    if (probe.httpGet) {
      const g = probe.httpGet;
      const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.33', Accept: '*/*' };
      for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
      const r = await transport.http({
        scheme: g.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
        host: g.host || target.podIP || '127.0.0.1',
        port: resolvePort(g.port, target),
        path: g.path || '/',
        headers,
        timeoutMs,
      });
      if (r.statusCode >= 200 && r.statusCode < 400) return { result: 'success', output: r.body ?? '' };
      return { result: 'failure', output: `HTTP probe failed with statuscode: ${r.statusCode}` };
    }
    if (probe.tcpSocket) {
      const t = probe.tcpSocket;
      await transport.tcp(t.host || target.podIP || '127.0.0.1', resolvePort(t.port, target), timeoutMs);
      return { result: 'success', output: '' };
    }
    if (probe.grpc) return { result: 'failure', output: 'grpc probes are not supported by kubedeck' };
    return { result: 'failure', output: 'missing probe handler' };
  } catch (e) {
    return { result: 'failure', output: (e as Error).message ?? String(e) };
  }
}

export interface ProbeWorkerHooks {
  clock: Clock;
  transport: ProbeTransport;
  /** Unhealthy events. */
  onEvent(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Called when the published result changes. */
  onChange(kind: ProbeKind, result: ProbeResult): void;
  /** Whether the startup probe (if any) has succeeded for this container. */
  isStarted(): boolean;
}

/** One probe of one container instance. */
export class ProbeWorker {
  result: ProbeResult | undefined;
  private lastResult: ProbeResult | undefined;
  private resultRun = 0;
  private onHold = false;
  private cancel?: () => void;
  private stopped = false;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: Record<string, any>,
    private readonly target: ProbeTarget,
    private readonly startedAtMs: number,
    private readonly hooks: ProbeWorkerHooks,
  ) {
    // Upstream initial results: readiness failure, liveness success, startup unknown.
    this.result = kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : undefined;
  }

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancel = this.hooks.clock.setTimer((this.probe.periodSeconds || 10) * 1000, () => void this.tick());
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    await this.doProbe();
    this.schedule();
  }

  /** One period of upstream doProbe. */
  async doProbe(): Promise<void> {
    if (this.onHold) return;
    const { clock } = this.hooks;
    const sinceStart = Math.floor((clock.now() - this.startedAtMs) / 1000);
    if (sinceStart < (this.probe.initialDelaySeconds ?? 0)) return;
    if (this.kind === 'startup' && this.result === 'success') return;
    if (this.kind !== 'startup' && !this.hooks.isStarted()) return;
    const { result, output } = await runProbe(this.probe, this.target, this.hooks.transport);
    if (this.stopped) return;
    if (result === 'failure')
      this.hooks.onEvent('Warning', 'Unhealthy', `${TITLE[this.kind]} probe failed: ${output}`);
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const failureThreshold = this.probe.failureThreshold || 3;
    const successThreshold = this.probe.successThreshold || 1;
    if (
      (result === 'failure' && this.resultRun < failureThreshold) ||
      (result === 'success' && this.resultRun < successThreshold)
    )
      return;
    const changed = this.result !== result;
    this.result = result;
    if ((this.kind === 'liveness' || this.kind === 'startup') && result === 'failure') {
      // Stop probing until a new container replaces this one (upstream onHold).
      this.onHold = true;
      this.resultRun = 0;
    }
    if (changed || result === 'failure') this.hooks.onChange(this.kind, result);
  }
}

/** The probe workers of one container instance. */
export class ContainerProbes {
  readonly workers = new Map<ProbeKind, ProbeWorker>();

  constructor(
    readonly containerId: string,
    container: Record<string, any>,
    target: ProbeTarget,
    startedAtMs: number,
    hooks: Omit<ProbeWorkerHooks, 'isStarted' | 'onChange'> & {
      onChange(kind: ProbeKind, result: ProbeResult): void;
    },
  ) {
    for (const kind of ['startup', 'liveness', 'readiness'] as ProbeKind[]) {
      const probe = container[PROBE_FIELD[kind]];
      if (!probe) continue;
      this.workers.set(
        kind,
        new ProbeWorker(kind, probe, target, startedAtMs, {
          ...hooks,
          isStarted: () => this.started() !== false,
        }),
      );
    }
  }

  start(): void {
    for (const w of this.workers.values()) w.start();
  }

  stop(): void {
    for (const w of this.workers.values()) w.stop();
  }

  /** undefined without a startup probe. */
  started(): boolean | undefined {
    const w = this.workers.get('startup');
    return w ? w.result === 'success' : undefined;
  }

  /** undefined without a readiness probe. */
  ready(): boolean | undefined {
    const w = this.workers.get('readiness');
    return w ? w.result === 'success' : undefined;
  }

  /** Which probe demands a restart, if any. */
  failed(): 'liveness' | 'startup' | undefined {
    if (this.workers.get('startup')?.result === 'failure') return 'startup';
    if (this.workers.get('liveness')?.result === 'failure') return 'liveness';
    return undefined;
  }
}
