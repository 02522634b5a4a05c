// Builders shared by the ReplicaSet controller tests.
import type { KubeObject } from '../../../../orchestrator/api/types.js';

export function replicaSet(name: string, replicas: number, extra: Record<string, any> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'web' } },
        spec: { containers: [{ name: 'c', image: 'busybox:1', command: ['sleep', '3600'] }] },
      },
      ...extra,
    },
  };
}

export function readyStatus(since: string, phase = 'Running', restarts = 0): Record<string, any> {
  return {
    phase,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }],
    containerStatuses: [{ name: 'c', ready: true, restartCount: restarts }],
  };
}
