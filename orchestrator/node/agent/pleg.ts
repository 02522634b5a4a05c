// The pod lifecycle event generator (upstream PLEG, in spirit): one list of this node's containers
// per relist period, and a sync only for the pods whose containers changed (appeared, went away,
// changed state). Pod workers then need no per-pod polling of the runtime: their own periodic
// sync can be slow, as upstream's sync frequency is.
import type { ContainerInfo, ContainerRuntime } from '../../runtime/types.js';
import { LABEL } from '../kubelet/naming.js';

export interface PlegOptions {
  runtime: ContainerRuntime;
  cluster: string;
  node: string;
  relistMs: number;
  /**
   * Called for every pod uid whose containers changed since the previous relist, with that pod's
   * containers as listed and when the list began (performance.now()).
   */
  onChange(uid: string, found: ContainerInfo[], listedAt: number): void;
  log(line: string): void;
}

/** The list's containers by pod uid. */
function byPod(list: ContainerInfo[]): Map<string, ContainerInfo[]> {
  const pods = new Map<string, ContainerInfo[]>();
  for (const c of list) {
    const uid = c.labels[LABEL.podUid];
    if (!uid) continue;
    if (!pods.has(uid)) pods.set(uid, []);
    pods.get(uid)!.push(c);
  }
  return pods;
}

/** What a sync would react to: each container's id and state. */
const fingerprint = (containers: ContainerInfo[]) =>
  containers
    .map((c) => `${c.id}:${c.state}`)
    .sort()
    .join(',');

export class Pleg {
  private last = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private failing = false;

  constructor(private readonly o: PlegOptions) {}

  start(): void {
    const tick = async () => {
      await this.relist();
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.o.relistMs);
    };
    this.timer = setTimeout(() => void tick(), this.o.relistMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async relist(): Promise<void> {
    let list: ContainerInfo[];
    const listedAt = performance.now();
    try {
      list = await this.o.runtime.listContainers({
        [LABEL.cluster]: this.o.cluster,
        [LABEL.node]: this.o.node,
      });
      if (this.failing) this.o.log('relist: the container runtime answers again');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.o.log(`relist failed: ${(e as Error).message}`);
      this.failing = true;
      return;
    }
    const pods = byPod(list);
    const now = new Map([...pods].map(([uid, cs]) => [uid, fingerprint(cs)]));
    for (const uid of new Set([...now.keys(), ...this.last.keys()]))
      if (now.get(uid) !== this.last.get(uid)) this.o.onChange(uid, pods.get(uid) ?? [], listedAt);
    this.last = now;
  }
}
