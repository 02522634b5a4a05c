// Posts core/v1 Events for this node's pods, aggregating identical repeats (count + lastTimestamp).
import type { ApiClient } from './api-client.js';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AgentEvents {
  private readonly seen = new Map<string, { name: string; count: number }>();

  constructor(
    private readonly api: ApiClient,
    private readonly node: string,
  ) {}

  record(obj: any, type: string, reason: string, message: string, fieldPath?: string): void {
    void this.post(obj, type, reason, message, fieldPath).catch(() => undefined); // best effort, like upstream
  }

  private async post(
    obj: any,
    type: string,
    reason: string,
    message: string,
    fieldPath?: string,
  ): Promise<void> {
    const ns = obj.metadata.namespace ?? 'default';
    const key = [ns, obj.metadata.uid, fieldPath, type, reason, message].join('\u0000');
    const hit = this.seen.get(key);
    if (hit) {
      hit.count++;
      await this.api.request(
        'PATCH',
        `/api/v1/namespaces/${ns}/events/${hit.name}`,
        { count: hit.count, lastTimestamp: now() },
        'application/merge-patch+json',
      );
      return;
    }
    const name = `${obj.metadata.name}.${(Date.now() * 1e6 + Math.floor(Math.random() * 1e6)).toString(16)}`;
    this.seen.set(key, { name, count: 1 });
    if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
    const t = now();
    await this.api.request('POST', `/api/v1/namespaces/${ns}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: obj.kind ?? 'Pod',
        namespace: ns,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion ?? 'v1',
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      source: { component: 'kubelet', host: this.node },
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      reportingComponent: 'kubelet',
      reportingInstance: this.node,
    });
  }
}
