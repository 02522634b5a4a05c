import { describe, expect, it } from 'vitest';
import {
  containerLabels,
  containerName,
  hashContainer,
  LABEL,
  parseContainerName,
  parseLabels,
  sandboxLabels,
  sandboxName,
} from '../../../orchestrator/node/kubelet/naming.js';

const pod = {
  metadata: { name: 'web-abc', namespace: 'prod', uid: 'u-1' },
  spec: { terminationGracePeriodSeconds: 45 },
};
const ctx = { cluster: 'kd', node: 'kubedeck-worker' };

describe('dockershim naming', () => {
  it('builds container and sandbox names', () => {
    expect(containerName(pod, 'web', 3)).toBe('k8s_web_web-abc_prod_u-1_3');
    expect(sandboxName(pod, 0)).toBe('k8s_POD_web-abc_prod_u-1_0');
    expect(parseContainerName('/k8s_web_web-abc_prod_u-1_3')).toEqual({
      containerName: 'web',
      podName: 'web-abc',
      namespace: 'prod',
      podUid: 'u-1',
      attempt: 3,
    });
    expect(parseContainerName('random_name')).toBeUndefined();
  });

  it('round-trips container labels', () => {
    const c = { name: 'web', image: 'nginx:1.25' };
    const labels = containerLabels(pod, c, { ...ctx, sandboxId: 'sb1', restartCount: 2 });
    expect(labels[LABEL.dockerType]).toBe('container');
    expect(labels['kubedeck.cluster']).toBe('kd');
    const p = parseLabels(labels, containerName(pod, 'web', 2))!;
    expect(p).toMatchObject({
      kind: 'container',
      podName: 'web-abc',
      namespace: 'prod',
      podUid: 'u-1',
      containerName: 'web',
      attempt: 2,
      restartCount: 2,
      sandboxId: 'sb1',
      hash: hashContainer(c),
      terminationGracePeriod: 45,
      node: 'kubedeck-worker',
    });
  });

  it('round-trips sandbox labels', () => {
    const p = parseLabels(sandboxLabels(pod, ctx, 1), sandboxName(pod, 1))!;
    expect(p).toMatchObject({ kind: 'podsandbox', containerName: 'POD', attempt: 1, podUid: 'u-1' });
  });

  it('hash is stable across key order and changes with the spec', () => {
    expect(hashContainer({ name: 'a', image: 'x:1' })).toBe(hashContainer({ image: 'x:1', name: 'a' }));
    expect(hashContainer({ name: 'a', image: 'x:1' })).not.toBe(hashContainer({ name: 'a', image: 'x:2' }));
    expect(hashContainer({ name: 'a', image: 'x:1' })).toMatch(/^[0-9a-f]{8}$/);
  });
});
