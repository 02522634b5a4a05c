// Records core/v1 Events for controllers and kubelets, aggregating repeats like upstream's
// EventCorrelator: the same source, object, type, reason and message bumps count and lastTimestamp.
import { findResource } from '../api/resources.js';
import type { Registry } from '../api/registry/registry.js';
import { nowRfc3339 } from '../api/registry/meta.js';
import type { KubeObject } from '../api/types.js';
import { StatusError } from '../api/errors.js';

const EVENTS = findResource('', 'v1', 'events')!;

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  /** aggregation key → event name */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly registry: Registry,
    private readonly source: EventSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): KubeObject | undefined {
    const ns = obj.metadata.namespace || 'default';
    const ref = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    const key = [
      this.source.component,
      this.source.host,
      ref.kind,
      ns,
      ref.name,
      ref.uid,
      fieldPath,
      type,
      reason,
      message,
    ].join('\u0000');
    const now = nowRfc3339(this.clock());
    const existing = this.seen.get(key);
    try {
      if (existing) {
        const ev = this.registry.tryGet(EVENTS, ns, existing);
        if (ev) {
          ev.count = (ev.count ?? 1) + 1;
          ev.lastTimestamp = now;
          return this.registry.update(EVENTS, ns, existing, ev, { fieldManager: this.source.component });
        }
      }
      const name = `${obj.metadata.name}.${(this.clock().getTime() * 1e6 + Math.floor(Math.random() * 1e6)).toString(16)}`;
      const ev = this.registry.create(
        EVENTS,
        ns,
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace: ns },
          involvedObject: ref,
          reason,
          message,
          type,
          source: this.source,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        },
        { fieldManager: this.source.component },
      );
      this.seen.set(key, name);
      if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
      return ev;
    } catch (e) {
      // Events are best effort, as upstream: a failed event never fails the caller.
      if (e instanceof StatusError) return undefined;
      throw e;
    }
  }
}
