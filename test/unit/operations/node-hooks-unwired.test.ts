// Node power and membership run through hooks the composition root hands in
// (controlplane/node-hooks.ts); the operations never load the cluster lifecycle themselves. Without
// hooks, those buttons answer 503 instead of reaching for Docker; cordon works on the registry alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../orchestrator/storage/store.js';
import { Registry } from '../../../orchestrator/api/registry/registry.js';
import { StatusError } from '../../../orchestrator/api/errors.js';
import { createOperations, type Operations } from '../../../orchestrator/operations/operations.js';
import { findResource } from '../../../orchestrator/api/resources.js';

const NODES = findResource('', 'v1', 'nodes')!;

describe('node operations without node hooks', () => {
  let store: Store;
  let ops: Operations;
  beforeEach(() => {
    store = Store.open(':memory:');
    const reg = new Registry(store);
    reg.bootstrap();
    reg.create(NODES, '', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1' } });
    ops = createOperations({ registry: reg, clusterName: 'test' });
  });
  afterEach(() => store.close());

  it('answers 503 for power actions, add and remove', async () => {
    for (const p of [
      ops.nodeAction({ node: 'w1', action: 'stop' }),
      ops.addNode({}),
      ops.removeNode({ name: 'w1' }),
    ]) {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).code).toBe(503);
    }
  });

  it('still cordons through the registry', async () => {
    const r = await ops.nodeAction({ node: 'w1', action: 'cordon' });
    expect(r.message).toBe('node/w1 cordoned');
  });
});
