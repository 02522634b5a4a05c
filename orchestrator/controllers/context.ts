// What every controller gets from the control plane: the in-process registry (same pipeline as
// the API server), a clock tests can drive, the resolved timings, and the engine when one exists.
import type { Registry } from '../api/registry/registry.js';
import type { Clock } from '../client/clock.js';
import type { ControllerSettings } from '../config/settings.js';
import type { ContainerRuntime } from '../runtime/types.js';

export interface ControllerContext {
  registry: Registry;
  clock: Clock;
  settings: ControllerSettings;
  /** Cluster name (labels on Docker objects are `kubedeck.cluster=<name>`). */
  cluster: string;
  /** The local container engine (metrics); undefined when the control plane runs without one. */
  runtime?: ContainerRuntime;
  /**
   * The machine the cluster's nodes run on, as far as controllers need it (the node provider
   * implements it); undefined when the control plane runs without an engine (tests, --nodes 0 bare).
   */
  host?: ClusterHost;
  /** The cluster CA (PEM) the CSR signer issues certificates with; absent in bare test setups. */
  ca?: { cert: string; key: string };
  log: (line: string) => void;
}

/** What controllers ask of the host: narrow on purpose, so they never reach the engine itself. */
export interface ClusterHost {
  /** The cluster network's gateway: the address node containers reach the API server at. */
  networkGateway(): Promise<string | undefined>;
  /** Creates or starts the cluster proxy container; undefined while no node exists to take its image from. */
  ensureProxy(): Promise<{ id: string; ip: string } | undefined>;
  /** Hands the running proxy its service table (JSON of proxy/table.ts's ProxyTable). */
  pushProxyTable(proxyId: string, json: string): Promise<void>;
}

/** A running controller; stop() ends its informers, queues and timers. */
export interface RunningController {
  stop(): void | Promise<void>;
}

export interface ControllerDescriptor {
  /** Upstream's controller name, e.g. 'replicaset', 'deployment', 'garbage-collector'. */
  name: string;
  start(ctx: ControllerContext): RunningController;
}
