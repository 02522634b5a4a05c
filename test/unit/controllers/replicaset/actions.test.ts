// The ReplicaSet controller in kubernetes/sample-controller's style: seed the cache, run one sync,
// and assert exactly the writes it made (the end-state tests are in controller.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../../orchestrator/storage/store.js';
import { findResource } from '../../../../orchestrator/api/resources.js';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import { FakeClock } from '../../../../orchestrator/client/clock.js';
import { ReplicaSetController } from '../../../../orchestrator/controllers/replicaset/controller.js';
import { RecordingRegistry } from '../../../support/recording-registry.js';
import { readyStatus, replicaSet } from './helpers.js';

const PODS = findResource('', 'v1', 'pods')!;
const RS = findResource('apps', 'v1', 'replicasets')!;

describe('replicaset controller: actions of one sync', () => {
  let reg: RecordingRegistry;
  let ctrl: ReplicaSetController;

  beforeEach(() => {
    reg = new RecordingRegistry(Store.open(':memory:'));
    reg.bootstrap();
  });
  afterEach(() => ctrl.stop());

  /** Informers started and synced, but no worker: the test runs the syncs. */
  const seeded = () => {
    ctrl = new ReplicaSetController(reg, { clock: new FakeClock(Date.now()) });
    ctrl.rsInformer.start();
    ctrl.podInformer.start();
    reg.clearActions();
    return ctrl;
  };
  const ownedPod = (rs: KubeObject, name: string, ready: boolean): KubeObject => {
    const pod = reg.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { app: 'web', tier: 'web' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid!, controller: true },
        ],
      },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    if (!ready) return pod;
    return reg.update(
      PODS,
      'default',
      name,
      { ...pod, status: readyStatus(new Date().toISOString()) },
      {},
      'status',
    );
  };

  it('creates the missing pods, then writes status', () => {
    reg.create(RS, 'default', replicaSet('web', 2));
    seeded().sync('default/web');
    expect(reg.actions.map((a) => a.replace(/web-[a-z0-9]{5}$/, 'web-*'))).toEqual([
      'create pods default/web-*',
      'create pods default/web-*',
      'update replicasets/status default/web',
    ]);
  });

  it('deletes the surplus pod that is not ready, and nothing else', () => {
    const rs = reg.create(RS, 'default', replicaSet('web', 1));
    ownedPod(rs, 'web-ready', true);
    ownedPod(rs, 'web-starting', false);
    seeded().sync('default/web');
    expect(reg.actionsOn('pods')).toEqual(['delete pods default/web-starting']);
  });

  it('writes nothing when the set already matches its status', () => {
    const rs = reg.create(RS, 'default', replicaSet('web', 1));
    ownedPod(rs, 'web-ready', true);
    seeded().sync('default/web');
    reg.clearActions();
    ctrl.sync('default/web');
    expect(reg.actions).toEqual([]);
  });
});
