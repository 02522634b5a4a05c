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
  /** The cluster CA (PEM) the CSR signer issues certificates with; absent in bare test setups. */
  ca?: { cert: string; key: string };
  log: (line: string) => void;
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
