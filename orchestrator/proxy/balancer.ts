// Endpoint selection per connection: round-robin over the ready backends, or sticky per client
// IP (sessionAffinity ClientIP) until the affinity timeout passes without traffic.
import type { Backend } from './table.js';

export class Balancer {
  private next = 0;
  private readonly sticky = new Map<string, { backend: Backend; until: number }>();

  constructor(
    private backends: Backend[],
    private affinity: 'None' | 'ClientIP' = 'None',
    private affinityTimeoutMs = 10_800_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** New backends (e.g. after a rollout): sticky entries to vanished backends are dropped. */
  update(backends: Backend[], affinity: 'None' | 'ClientIP', affinityTimeoutMs: number): void {
    this.backends = backends;
    this.affinity = affinity;
    this.affinityTimeoutMs = affinityTimeoutMs;
    const alive = new Set(backends.map(key));
    for (const [client, s] of this.sticky) if (!alive.has(key(s.backend))) this.sticky.delete(client);
    if (affinity !== 'ClientIP') this.sticky.clear();
  }

  get size(): number {
    return this.backends.length;
  }

  /** The backend for a new connection from `clientIP`, skipping `exclude` (a backend that just failed). */
  pick(clientIP?: string, exclude?: Backend): Backend | undefined {
    const candidates = exclude ? this.backends.filter((b) => key(b) !== key(exclude)) : this.backends;
    if (!candidates.length) return undefined;
    const t = this.now();
    if (this.affinity === 'ClientIP' && clientIP) {
      const s = this.sticky.get(clientIP);
      if (s && s.until > t && (!exclude || key(s.backend) !== key(exclude))) {
        s.until = t + this.affinityTimeoutMs;
        return s.backend;
      }
    }
    const b = candidates[this.next++ % candidates.length];
    if (this.next > 1e9) this.next = 0;
    if (this.affinity === 'ClientIP' && clientIP)
      this.sticky.set(clientIP, { backend: b, until: t + this.affinityTimeoutMs });
    return b;
  }
}

function key(b: Backend): string {
  return `${b.ip}:${b.port}`;
}
