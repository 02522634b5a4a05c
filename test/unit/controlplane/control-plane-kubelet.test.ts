// The control-plane node's kubelet over a real in-memory registry: pods bound to the node are
// rejected (Failed, OutOfpods, with the event), and a pod already being deleted there is removed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { findResource } from '../../../orchestrator/api/resources.js';
import { runControlPlaneKubelet } from '../../../orchestrator/controlplane/control-plane-kubelet.js';

const PODS = findResource('', 'v1', 'pods')!;
const EVENTS = findResource('', 'v1', 'events')!;
const CP = 'kubedeck-control-plane';

const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }] },
});

const settle = async (until: () => boolean) => {
  for (let i = 0; i < 100 && !until(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('control-plane kubelet', () => {
  let reg: Registry;
  let stop: (() => void) | undefined;
  beforeEach(() => {
    reg = new Registry(Store.open(':memory:'));
    reg.bootstrap();
  });
  afterEach(() => stop?.());

  it('rejects pods bound to the node, leaves others alone', async () => {
    stop = runControlPlaneKubelet(reg, CP);
    reg.create(PODS, 'default', pod('pinned', CP));
    reg.create(PODS, 'default', pod('elsewhere', 'kubedeck-worker'));
    await settle(() => reg.get(PODS, 'default', 'pinned').status?.phase === 'Failed');
    const p = reg.get(PODS, 'default', 'pinned');
    expect(p.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfpods',
      message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 0, capacity: 0",
    });
    expect(reg.get(PODS, 'default', 'elsewhere').status?.phase).not.toBe('Failed');
    const ev = reg.list(EVENTS, 'default').items.find((e) => e.involvedObject?.name === 'pinned');
    expect(ev).toMatchObject({
      type: 'Warning',
      reason: 'OutOfpods',
      source: { component: 'kubelet', host: CP },
    });
    // A failed pod is deleted at once (upstream: terminal pods need no kubelet).
    expect(reg.delete(PODS, 'default', 'pinned').deleted).toBe(true);
  });

  it('finishes the deletion of a pod that was terminating there before it started', async () => {
    reg.create(PODS, 'default', pod('terminating', CP));
    const r = reg.delete(PODS, 'default', 'terminating');
    expect(r.deleted).toBe(false); // waits for the kubelet
    stop = runControlPlaneKubelet(reg, CP);
    await settle(() => !reg.tryGet(PODS, 'default', 'terminating'));
    expect(reg.tryGet(PODS, 'default', 'terminating')).toBeUndefined();
  });
});
