// Which pod updates from the API are worth a sync (upstream: semantic differences only).
import { describe, expect, it } from 'vitest';
import { syncKey } from '../../../orchestrator/node/kubelet/sync-trigger.js';

const pod = (over: Record<string, any> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u', resourceVersion: '1', labels: { a: '1' } },
  spec: { containers: [{ name: 'app', image: 'app:v1' }], readinessGates: [{ conditionType: 'x/ok' }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  ...over,
});

describe('syncKey', () => {
  it('ignores our own status writes and resourceVersion bumps', () => {
    const a = pod();
    const b = pod({
      metadata: { ...a.metadata, resourceVersion: '2' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], podIP: '10.0.0.1' },
    });
    expect(syncKey(b)).toBe(syncKey(a));
  });

  it('sees spec, labels, deletion, a phase set by others and readiness-gate conditions', () => {
    const a = pod();
    const changes = [
      pod({ spec: { ...a.spec, containers: [{ name: 'app', image: 'app:v2' }] } }),
      pod({ metadata: { ...a.metadata, labels: { a: '2' } } }),
      pod({
        metadata: {
          ...a.metadata,
          deletionTimestamp: '2026-01-01T00:00:00Z',
          deletionGracePeriodSeconds: 30,
        },
      }),
      pod({ status: { ...a.status, phase: 'Failed' } }),
      pod({
        status: { ...a.status, conditions: [...a.status.conditions, { type: 'x/ok', status: 'True' }] },
      }),
    ];
    for (const c of changes) expect(syncKey(c)).not.toBe(syncKey(a));
  });
});
