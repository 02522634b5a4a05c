// One collector per control plane, shared by the metrics API and the HPA controller. It is keyed
// by the registry (one per control plane) so the API server finds the collector the controller
// manager started without new wiring through the composition root.
import type { Registry } from '../api/registry/registry.js';
import { CONTROL_PLANE_NODE } from '../config/names.js';
import { envSetting } from '../config/settings.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { MetricsCollector } from './collector.js';
import type { MetricsSource } from './types.js';

/** KUBEDECK_METRICS_RESOLUTION (a duration like 2s, at least 100ms) overrides the scrape interval. */
export function resolutionFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return envSetting('metricsResolution', env) as number;
}

interface Entry {
  source: MetricsSource;
  users: number;
  stop: () => Promise<void>;
}

const sources = new WeakMap<Registry, Entry>();

/** The metrics source of this control plane, if a collector runs (or a test registered one). */
export function metricsSourceFor(registry: Registry): MetricsSource | undefined {
  return sources.get(registry)?.source;
}

/** Registers a ready-made source (tests); the returned function unregisters it. */
export function registerMetricsSource(registry: Registry, source: MetricsSource): () => void {
  sources.set(registry, { source, users: 1, stop: async () => {} });
  return () => {
    if (sources.get(registry)?.source === source) sources.delete(registry);
  };
}

/**
 * Starts (or joins) the collector for this control plane; the returned release stops it when the
 * last user lets go. Without a runtime able to report stats there is nothing to collect.
 */
export function acquireMetrics(opts: {
  registry: Registry;
  runtime?: ContainerRuntime;
  cluster: string;
  resolutionMs?: number;
  log?: (line: string) => void;
}): { source: MetricsSource | undefined; release: () => Promise<void> } {
  const existing = sources.get(opts.registry);
  if (existing) {
    existing.users++;
    return { source: existing.source, release: () => releaseEntry(opts.registry, existing) };
  }
  if (!opts.runtime?.containerStats) return { source: undefined, release: async () => {} };
  const collector = new MetricsCollector({
    runtime: opts.runtime,
    cluster: opts.cluster,
    resolutionMs: opts.resolutionMs ?? resolutionFromEnv(),
    log: opts.log,
    selfNode: CONTROL_PLANE_NODE,
  });
  collector.start();
  const entry: Entry = { source: collector, users: 1, stop: () => collector.stop() };
  sources.set(opts.registry, entry);
  return { source: collector, release: () => releaseEntry(opts.registry, entry) };
}

async function releaseEntry(registry: Registry, entry: Entry): Promise<void> {
  if (--entry.users > 0) return;
  if (sources.get(registry) === entry) sources.delete(registry);
  await entry.stop();
}
