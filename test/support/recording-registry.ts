// A real registry that also records every write a controller makes, so controller tests can seed
// objects, run one sync and assert the actions taken (kubernetes/sample-controller's style), on
// top of checking the end state.
import type { KubeObject, ResourceInfo } from '../../orchestrator/api/types.js';
import type { DeleteOptions, WriteOptions } from '../../orchestrator/api/registry/context.js';
import { Registry } from '../../orchestrator/api/registry/registry.js';

/** One write: "create pods default/web-abc", "update replicasets/status default/web", "delete pods default/x". */
export type Action = string;

export class RecordingRegistry extends Registry {
  readonly actions: Action[] = [];

  /** Forgets what was recorded (after seeding). */
  clearActions(): void {
    this.actions.length = 0;
  }

  /** The recorded actions on one resource, e.g. only the pod writes. */
  actionsOn(resource: string): Action[] {
    return this.actions.filter((a) => a.split(' ')[1].split('/')[0] === resource);
  }

  override create(info: ResourceInfo, namespace: string, body: KubeObject, opts?: WriteOptions): KubeObject {
    const obj = super.create(info, namespace, body, opts);
    this.record('create', info, undefined, obj.metadata.namespace, obj.metadata.name);
    return obj;
  }

  override update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: KubeObject,
    opts?: WriteOptions,
    subresource?: string,
  ): KubeObject {
    const obj = super.update(info, namespace, name, body, opts, subresource);
    this.record('update', info, subresource, namespace, name);
    return obj;
  }

  override patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    patchType: Parameters<Registry['patch']>[3],
    body: string,
    opts?: WriteOptions,
    subresource?: string,
  ): { obj: KubeObject; created: boolean } {
    const r = super.patch(info, namespace, name, patchType, body, opts, subresource);
    this.record('patch', info, subresource, namespace, name);
    return r;
  }

  override delete(
    info: ResourceInfo,
    namespace: string,
    name: string,
    opts?: DeleteOptions,
  ): { obj: KubeObject; deleted: boolean } {
    const r = super.delete(info, namespace, name, opts);
    this.record('delete', info, undefined, namespace, name);
    return r;
  }

  private record(
    verb: string,
    info: ResourceInfo,
    sub: string | undefined,
    ns?: string,
    name?: string,
  ): void {
    // Events are how controllers talk to people, not part of what they reconcile.
    if (info.resource === 'events') return;
    const resource = sub ? `${info.resource}/${sub}` : info.resource;
    this.actions.push(`${verb} ${resource} ${ns ? `${ns}/` : ''}${name ?? ''}`);
  }
}
