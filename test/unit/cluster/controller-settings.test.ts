import { describe, expect, it } from 'vitest';
import {
  resolveControllerSettings,
  SettingsError,
  validateSettings,
} from '../../../orchestrator/config/settings.js';

describe('controller settings', () => {
  it('defaults to upstream: 50 s grace, 5 s monitor, 300 s toleration, HPA 15 s / 5 m / 0.1', () => {
    const s = resolveControllerSettings();
    expect(s.nodeMonitorGracePeriodMs).toBe(50_000);
    expect(s.nodeMonitorPeriodMs).toBe(5_000);
    expect(s.nodeStartupGracePeriodMs).toBe(60_000);
    expect(s.defaultTolerationSeconds).toBe(300);
    expect(s.hpa).toEqual({
      syncPeriodMs: 15_000,
      downscaleStabilizationMs: 300_000,
      cpuInitializationPeriodMs: 300_000,
      initialReadinessDelayMs: 30_000,
      tolerance: 0.1,
    });
  });

  it('takes shortened timings from the config file', () => {
    const file = validateSettings({
      nodeMonitorGracePeriod: '4s',
      defaultTolerationSeconds: 2,
      horizontalPodAutoscaler: { syncPeriod: '1s', downscaleStabilization: 0, tolerance: 0.05 },
    });
    const s = resolveControllerSettings(file);
    expect(s.nodeMonitorGracePeriodMs).toBe(4000);
    expect(s.defaultTolerationSeconds).toBe(2);
    expect(s.hpa.syncPeriodMs).toBe(1000);
    expect(s.hpa.downscaleStabilizationMs).toBe(0);
    expect(s.hpa.tolerance).toBe(0.05);
    expect(s.nodeMonitorPeriodMs).toBe(5000);
  });

  it('rejects bad values with a readable message', () => {
    expect(() => validateSettings({ nodeMonitorGracePeriod: 'soon' })).toThrow(/duration like 10s/);
    expect(() => validateSettings({ nodeMonitorGracePeriod: '0s' })).toThrow(SettingsError);
    expect(() => validateSettings({ defaultTolerationSeconds: -1 })).toThrow(/whole number/);
    expect(() => validateSettings({ horizontalPodAutoscaler: { window: '1s' } })).toThrow(/unknown field/);
    expect(() => validateSettings({ horizontalPodAutoscaler: { syncPeriod: 0 } })).toThrow(/more than 0/);
    expect(() => validateSettings({ horizontalPodAutoscaler: { tolerance: 2 } })).toThrow(/tolerance/);
  });
});
