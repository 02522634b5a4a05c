// The namespace controller over a real registry: Terminating, content deletion (pods gracefully),
// conditions while content remains, then the finalizer and the namespace go.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../../../orchestrator/storage/store.js';
import { Registry } from '../../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { NamespaceController } from '../../../../orchestrator/controllers/namespace/controller.js';

const NS = findResource('', 'v1', 'namespaces')!;
const PODS = findResource('', 'v1', 'pods')!;
const CM = findResource('', 'v1', 'configmaps')!;
const SA = findResource('', 'v1', 'serviceaccounts')!;

describe('namespace controller', () => {
  let reg: Registry;
  let clock: FakeClock;
  let ctrl: NamespaceController | undefined;

  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
    clock = new FakeClock(Date.now());
  });
  afterEach(() => ctrl?.stop());

  const start = () => {
    ctrl = new NamespaceController(reg, { clock, recheckMs: 1000 });
    ctrl.start();
  };
  const waitFor = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 3000, interval: 5 });

  it('empties a terminating namespace, waiting for graceful pod termination', async () => {
    reg.create(NS, '', { metadata: { name: 'team' } });
    reg.create(CM, 'team', { metadata: { name: 'cfg' } });
    reg.create(PODS, 'team', {
      metadata: { name: 'web' },
      spec: { nodeName: 'kubedeck-worker', containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    start();
    expect(reg.delete(NS, '', 'team').deleted).toBe(false);
    await waitFor(() => {
      expect(reg.tryGet(CM, 'team', 'cfg')).toBeUndefined();
      expect(reg.tryGet(SA, 'team', 'default')).toBeUndefined();
      // Graceful: the pod is Terminating (its kubelet sends SIGTERM), not gone.
      expect(reg.get(PODS, 'team', 'web').metadata.deletionGracePeriodSeconds).toBe(30);
    });
    await waitFor(() => {
      const ns = reg.get(NS, '', 'team');
      expect(ns.status.phase).toBe('Terminating');
      expect(ns.status.conditions).toContainEqual(
        expect.objectContaining({
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: 'Some resources are remaining: pods has 1 resource instances',
        }),
      );
    });
    expect(reg.get(NS, '', 'team').spec.finalizers).toEqual(['kubernetes']);
    // The kubelet confirms; the next recheck finalizes and the namespace goes.
    reg.delete(PODS, 'team', 'web', { gracePeriodSeconds: 0 });
    clock.advance(1000);
    await waitFor(() => expect(reg.tryGet(NS, '', 'team')).toBeUndefined());
  });

  it('finishes deletions that were pending when it started', async () => {
    reg.create(NS, '', { metadata: { name: 'old' } });
    reg.create(CM, 'old', { metadata: { name: 'cfg' } });
    reg.delete(NS, '', 'old');
    start();
    await waitFor(() => expect(reg.tryGet(NS, '', 'old')).toBeUndefined());
    expect(reg.tryGet(CM, 'old', 'cfg')).toBeUndefined();
    // Other namespaces are untouched.
    expect(reg.tryGet(SA, 'default', 'default')).toBeDefined();
  });
});
