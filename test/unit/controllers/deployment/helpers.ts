// A real in-memory registry, a deployment controller driven by hand (syncDeployment) and a stand-in
// for the ReplicaSet controller that reports RS status as if pods came up (or never became ready).
import { Store } from '../../../../orchestrator/storage/store.js';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { DeploymentController } from '../../../../orchestrator/controllers/deployment/controller.js';

export const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
export const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
export const EVENTS = findResource('', 'v1', 'events')!;

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'img:v1' }] },
      },
      ...spec,
    },
  };
}

export function rolling(maxSurge: number | string, maxUnavailable: number | string) {
  return { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } };
}

export class Harness {
  readonly reg: Registry;
  readonly clock = new FakeClock(T0);
  readonly ctl: DeploymentController;

  constructor() {
    this.reg = new Registry(Store.open(':memory:'));
    this.reg.bootstrap();
    this.ctl = new DeploymentController(this.reg, { clock: this.clock });
  }

  create(d: KubeObject): KubeObject {
    return this.reg.create(DEPLOYMENTS, 'default', d);
  }

  get(name: string): any {
    return this.reg.get(DEPLOYMENTS, 'default', name);
  }

  edit(name: string, f: (d: KubeObject) => void): KubeObject {
    const d = this.get(name);
    f(d);
    return this.reg.update(DEPLOYMENTS, 'default', name, d);
  }

  setImage(name: string, image: string): KubeObject {
    return this.edit(name, (d) => (d.spec.template.spec.containers[0].image = image));
  }

  sync(name: string): void {
    this.ctl.syncDeployment(`default/${name}`);
  }

  /** ReplicaSets of a deployment, oldest revision first. */

  rss(name: string): any[] {
    return this.reg
      .list(REPLICASETS, 'default')
      .items.filter((r) => r.metadata.ownerReferences?.some((o: any) => o.name === name))
      .sort((a, b) => rev(a) - rev(b));
  }

  rsByImage(name: string, image: string): any {
    return this.rss(name).find((r) => r.spec.template.spec.containers[0].image === image);
  }

  /**
   * What the RS controller would report: every RS at its spec size; replicas of RSs for which
   * healthy() is false never become ready.
   */
  settle(healthy: (rs: KubeObject) => boolean = () => true): void {
    for (const rs of this.reg.list(REPLICASETS, 'default').items) {
      const n = rs.spec.replicas ?? 1;
      const ok = healthy(rs) ? n : 0;
      const status = {
        replicas: n,
        readyReplicas: ok,
        availableReplicas: ok,
        observedGeneration: rs.metadata.generation,
      };
      this.reg.update(REPLICASETS, 'default', rs.metadata.name!, { ...rs, status }, {}, 'status');
    }
  }

  events(): string[] {
    return this.reg
      .list(EVENTS, 'default')
      .items.filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message as string);
  }

  condition(name: string, type: string): any {
    return (this.get(name).status?.conditions ?? []).find((c: any) => c.type === type);
  }
}

export const rev = (o: KubeObject): number =>
  Number(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
