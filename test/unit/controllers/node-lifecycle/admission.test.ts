import { describe, expect, it } from 'vitest';
import { addPod, newRegistry, PODS } from './helpers.js';

describe('DefaultTolerationSeconds admission', () => {
  it('adds not-ready and unreachable NoExecute tolerations with the configured seconds', () => {
    const reg = newRegistry(300);
    const pod = addPod(reg, 'p', 'n1');
    expect(pod.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('keeps tolerations the pod already has for those taints and adds only the missing one', () => {
    const reg = newRegistry(7);
    const own = {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 60,
    };
    const pod = addPod(reg, 'p', 'n1', [
      own,
      { key: 'x', operator: 'Equal', value: 'y', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.tolerations).toHaveLength(3);
    expect(pod.spec.tolerations[0]).toEqual(own);
    expect(pod.spec.tolerations[2]).toEqual({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 7,
    });
  });

  it('adds nothing when an empty-key Exists toleration already tolerates everything', () => {
    const reg = newRegistry();
    const pod = addPod(reg, 'p', 'n1', [{ operator: 'Exists' }]);
    expect(pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('applies to dry-run creates too', () => {
    const reg = newRegistry(5);
    const dry = reg.create(
      PODS,
      'default',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'd' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
      { dryRun: true },
    );
    expect(dry.spec.tolerations.map((t: any) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/not-ready', 5],
      ['node.kubernetes.io/unreachable', 5],
    ]);
  });
});
