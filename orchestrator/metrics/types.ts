// Shapes of the resource usage the collector keeps and the metrics API and HPA controller read.

export interface ContainerUsage {
  name: string;
  /** CPU rate in nanocores (1e9 = one core). */
  cpuNanoCores: number;
  /** Memory working set in bytes. */
  memoryBytes: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  /** When the latest sample was taken (ms since the epoch). */
  timestampMs: number;
  /** The interval the CPU rate was measured over. */
  windowMs: number;
  containers: ContainerUsage[];
}

export interface NodeUsage {
  name: string;
  timestampMs: number;
  windowMs: number;
  cpuNanoCores: number;
  memoryBytes: number;
}

export interface MetricsSnapshot {
  /** By pod uid (a deleted pod's leftovers never mix with its same-named successor). */
  pods: Map<string, PodUsage>;
  nodes: Map<string, NodeUsage>;
}

/** What consumers need: the latest usage (empty until the first scrape finished). */
export interface MetricsSource {
  snapshot(): MetricsSnapshot;
}
