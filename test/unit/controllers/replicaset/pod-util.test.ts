// Shared pod helpers: readiness, availability after minReadySeconds, activity, controller refs.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../orchestrator/api/types.js';
import {
  getControllerOf,
  isPodActive,
  isPodAvailable,
  isPodReady,
  msUntilAvailable,
  splitKey,
} from '../../../../orchestrator/controllers/util/pod-util.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const readyPod = (secondsAgo: number, status = 'True'): KubeObject => ({
  metadata: { name: 'p' },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status, lastTransitionTime: new Date(NOW - secondsAgo * 1000).toISOString() },
    ],
  },
});

describe('pod-util', () => {
  it('ready and available honour minReadySeconds', () => {
    expect(isPodReady(readyPod(5))).toBe(true);
    expect(isPodReady(readyPod(5, 'False'))).toBe(false);
    expect(isPodAvailable(readyPod(5), 0, NOW)).toBe(true);
    expect(isPodAvailable(readyPod(5), 10, NOW)).toBe(false);
    expect(isPodAvailable(readyPod(10), 10, NOW)).toBe(true);
    expect(msUntilAvailable(readyPod(4), 10, NOW)).toBe(6000);
    expect(isPodAvailable(readyPod(100, 'False'), 10, NOW)).toBe(false);
  });

  it('active pods are neither finished nor being deleted', () => {
    expect(isPodActive({ metadata: {}, status: { phase: 'Pending' } })).toBe(true);
    expect(isPodActive({ metadata: {}, status: { phase: 'Succeeded' } })).toBe(false);
    expect(isPodActive({ metadata: {}, status: { phase: 'Failed' } })).toBe(false);
    expect(isPodActive({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: {} })).toBe(false);
  });

  it('finds the controller reference and splits keys', () => {
    const refs = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: '1' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ];
    expect(getControllerOf({ metadata: { ownerReferences: refs } })?.name).toBe('b');
    expect(getControllerOf({ metadata: {} })).toBeUndefined();
    expect(splitKey('ns/name')).toEqual({ namespace: 'ns', name: 'name' });
    expect(splitKey('node1')).toEqual({ namespace: '', name: 'node1' });
  });
});
