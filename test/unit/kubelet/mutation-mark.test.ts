// The pod worker's view of the runtime notes each completed change, and only changes.
import { describe, expect, it } from 'vitest';
import { markMutations } from '../../../orchestrator/node/kubelet/mutation-mark.js';
import { FakeRuntime } from '../../../orchestrator/runtime/fake.js';

describe('markMutations', () => {
  it('marks after create/start/stop/remove (failed ones too), not after reads', async () => {
    const rt = new FakeRuntime();
    rt.addImage('app:v1');
    let marks = 0;
    const view = markMutations(rt, () => marks++);
    const id = await view.createContainer({ name: 'a', image: 'app:v1', labels: {} });
    await view.startContainer(id);
    expect(marks).toBe(2);
    await view.listContainers({});
    await view.inspectContainer(id);
    await view.inspectImage('app:v1');
    expect(marks).toBe(2);
    await view.stopContainer(id, 0);
    await view.removeContainer(id, { force: true });
    expect(marks).toBe(4);
    await expect(view.startContainer('no-such-container')).rejects.toThrow();
    expect(marks).toBe(5);
    // Calls reach the real runtime, with its own `this`.
    expect(rt.calls.map((c) => c.op)).toContain('removeContainer');
  });
});
