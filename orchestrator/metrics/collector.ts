// Background usage collector (the part of metrics-server that scrapes): every resolution it reads
// one cumulative sample per running container of the cluster and turns consecutive samples into
// CPU rates, so API reads and HPA syncs never wait for the engine.
import { LABEL_CLUSTER, LABEL_NODE } from '../config/names.js';
import type { ContainerInfo, ContainerRuntime, ContainerUsageSample } from '../runtime/types.js';
import type { ContainerUsage, MetricsSnapshot, MetricsSource, NodeUsage, PodUsage } from './types.js';

const POD_NAME = 'io.kubernetes.pod.name';
const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
const POD_UID = 'io.kubernetes.pod.uid';
const CONTAINER_NAME = 'io.kubernetes.container.name';
const SANDBOX = 'POD';

/** Engine calls in flight at once: one slow container must not hold up the others for long. */
const PARALLEL = 8;

export interface CollectorOptions {
  runtime: ContainerRuntime;
  cluster: string;
  resolutionMs: number;
  now?: () => number;
  log?: (line: string) => void;
  /**
   * Node name under which this process's own use is reported (the in-app control plane is a
   * process, not a container); none when undefined.
   */
  selfNode?: string;
}

interface Previous {
  sample: ContainerUsageSample;
}

interface Measured {
  info: ContainerInfo;
  sample: ContainerUsageSample;
  cpuNanoCores: number;
  windowMs: number;
}

export class MetricsCollector implements MetricsSource {
  private current: MetricsSnapshot = { pods: new Map(), nodes: new Map() };
  private readonly previous = new Map<string, Previous>();
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = true;
  private running?: Promise<void>;

  constructor(private readonly opts: CollectorOptions) {}

  snapshot(): MetricsSnapshot {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.scrape()
        .catch((err: unknown) => this.opts.log?.(`metrics: scrape failed: ${String(err)}`))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          this.timer = setTimeout(loop, this.opts.resolutionMs);
          this.timer.unref?.();
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One scrape; exported for tests that drive time by hand. */
  async scrape(): Promise<void> {
    const { runtime, cluster } = this.opts;
    if (!runtime.containerStats) return;
    const now = this.opts.now ?? Date.now;
    const containers = (await runtime.listContainers({ [LABEL_CLUSTER]: cluster })).filter(
      (c) => c.state === 'running',
    );
    const measured: Measured[] = [];
    const queue = [...containers];
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const sample = await runtime.containerStats!(c.id).catch(() => undefined);
        if (!sample) continue;
        const m = this.rate(c, sample);
        if (m) measured.push(m);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, containers.length) }, worker));
    const seen = new Set(containers.map((c) => c.id));
    for (const id of this.previous.keys()) if (!seen.has(id)) this.previous.delete(id);
    const snapshot = aggregate(measured);
    const self = this.opts.selfNode && this.selfUsage(now());
    if (self) snapshot.nodes.set(self.name, self);
    this.current = snapshot;
  }

  private selfPrev?: { at: number; cpuMicros: number };

  /** This process's CPU rate (user + system) since the previous scrape, and its resident memory. */
  private selfUsage(at: number): NodeUsage | undefined {
    const u = process.cpuUsage();
    const cpuMicros = u.user + u.system;
    const prev = this.selfPrev;
    this.selfPrev = { at, cpuMicros };
    if (!prev || at <= prev.at) return undefined;
    return {
      name: this.opts.selfNode!,
      timestampMs: at,
      windowMs: at - prev.at,
      // µs of CPU per ms of wall time × 1e6 = nanocores.
      cpuNanoCores: Math.max(0, Math.round(((cpuMicros - prev.cpuMicros) * 1e6) / (at - prev.at))),
      memoryBytes: process.memoryUsage.rss(),
    };
  }

  /**
   * CPU rate since the previous sample; for a container that started recently and is seen for the
   * first time, the average since it started (so new pods get figures after one scrape).
   */
  private rate(info: ContainerInfo, sample: ContainerUsageSample): Measured | undefined {
    const prev = this.previous.get(info.id);
    this.previous.set(info.id, { sample });
    let fromMs: number;
    let fromCpu: number;
    if (
      prev &&
      prev.sample.timestampMs < sample.timestampMs &&
      prev.sample.cpuUsageNanos <= sample.cpuUsageNanos
    ) {
      fromMs = prev.sample.timestampMs;
      fromCpu = prev.sample.cpuUsageNanos;
    } else {
      const started = info.startedAt ? Date.parse(info.startedAt) : NaN;
      if (!Number.isFinite(started) || started >= sample.timestampMs) return undefined;
      // A container that ran long before we saw it (control plane restarted): its lifetime
      // average says little about now, so wait for a second sample.
      if (sample.timestampMs - started > 2 * this.opts.resolutionMs) return undefined;
      fromMs = started;
      fromCpu = 0;
    }
    const windowMs = sample.timestampMs - fromMs;
    // ns of CPU per ms of wall time × 1e3 = nanocores.
    const cpuNanoCores = Math.max(0, Math.round(((sample.cpuUsageNanos - fromCpu) * 1e3) / windowMs));
    return { info, sample, cpuNanoCores, windowMs };
  }
}

/** Groups container figures into pods (dockershim labels) and nodes (kubedeck.node label). */
export function aggregate(measured: Measured[]): MetricsSnapshot {
  const pods = new Map<string, PodUsage>();
  const nodes = new Map<string, NodeUsage>();
  for (const m of measured) {
    const l = m.info.labels;
    const node = l[LABEL_NODE];
    if (node) {
      const n = nodes.get(node) ?? {
        name: node,
        timestampMs: m.sample.timestampMs,
        windowMs: m.windowMs,
        cpuNanoCores: 0,
        memoryBytes: 0,
      };
      n.cpuNanoCores += m.cpuNanoCores;
      n.memoryBytes += m.sample.memoryWorkingSetBytes;
      n.timestampMs = Math.max(n.timestampMs, m.sample.timestampMs);
      n.windowMs = Math.max(n.windowMs, m.windowMs);
      nodes.set(node, n);
    }
    const uid = l[POD_UID];
    const container = l[CONTAINER_NAME];
    if (!uid || !container || container === SANDBOX || !l[POD_NAME]) continue;
    let p = pods.get(uid);
    if (!p) {
      p = {
        namespace: l[POD_NAMESPACE] ?? 'default',
        name: l[POD_NAME],
        uid,
        node: node ?? '',
        timestampMs: m.sample.timestampMs,
        windowMs: m.windowMs,
        containers: [],
      };
      pods.set(uid, p);
    }
    const usage: ContainerUsage = {
      name: container,
      cpuNanoCores: m.cpuNanoCores,
      memoryBytes: m.sample.memoryWorkingSetBytes,
    };
    p.containers.push(usage);
    p.timestampMs = Math.max(p.timestampMs, m.sample.timestampMs);
    p.windowMs = Math.max(p.windowMs, m.windowMs);
  }
  for (const p of pods.values()) p.containers.sort((a, b) => a.name.localeCompare(b.name));
  return { pods, nodes };
}
