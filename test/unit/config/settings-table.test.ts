// The settings table drives validation, resolution, the form rows and the env reads: these check
// each derivation once against the table's own rows.
import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseDuration, parseGoDuration } from '../../../orchestrator/config/duration.js';
import { SettingsError } from '../../../orchestrator/config/errors.js';
import { effectiveSettings } from '../../../orchestrator/config/form.js';
import {
  envSetting,
  pickSetting,
  resolveControllerSettings,
  resolveSettings,
} from '../../../orchestrator/config/resolve.js';
import { SETTINGS } from '../../../orchestrator/config/settings-table.js';
import { FILE_KEYS, SETTINGS_KEYS, validateSettings } from '../../../orchestrator/config/validate.js';
import { parseSettings } from '../../../orchestrator/node/agent/config.js';

const HOST = { cpus: 4, memoryBytes: 8 * 2 ** 30 };

describe('Go durations (one codec)', () => {
  it('parses what Go parses', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('5m0s')).toBe(300_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('1500us')).toBe(1.5);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-2s')).toBe(-2000);
    for (const bad of ['', '10', '10 s', 'soon', '1d', 's']) expect(parseGoDuration(bad)).toBeUndefined();
  });

  it('formats like time.Duration.String()', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [0.0005, '500ns'],
      [1.5, '1.5ms'],
      [0.25, '250µs'],
      [500, '500ms'],
      [1500, '1.5s'],
      [300_000, '5m0s'],
      [5_400_000, '1h30m0s'],
      [3_600_000, '1h0m0s'],
      [-90_000, '-1m30s'],
    ];
    for (const [ms, text] of cases) expect(formatGoDuration(ms)).toBe(text);
    for (const [ms, text] of cases) expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  it('settings durations: a number is seconds; negatives and garbage name the field', () => {
    expect(parseDuration(2, 'x')).toBe(2000);
    expect(parseDuration(' 1m30s ', 'x')).toBe(90_000);
    expect(() => parseDuration('-1s', 'a.b')).toThrow(SettingsError);
    try {
      parseDuration('later', 'a.b');
    } catch (e) {
      expect((e as SettingsError).field).toBe('a.b');
      expect((e as Error).message).toBe('a.b must be a duration like 10s, 500ms or 5m (got "later")');
    }
  });
});

describe('the settings table', () => {
  it('keys are unique; each row has a label, readers, and a default or a way to compute one', () => {
    const keys = SETTINGS.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of SETTINGS) {
      expect(r.label, r.key).not.toBe('');
      expect(r.readers.length, r.key).toBeGreaterThan(0);
      expect('default' in r || 'defaultText' in r, r.key).toBe(true);
    }
  });

  it('derives the config-file keys and the saved-settings keys', () => {
    expect(FILE_KEYS.slice(0, 3)).toEqual(['nodes', 'apiServerPort', 'networkSubnet']);
    expect(SETTINGS_KEYS).not.toContain('nodes');
    expect(SETTINGS_KEYS).toContain('horizontalPodAutoscaler');
    expect(FILE_KEYS).not.toContain('storeSync'); // environment only
  });

  it('validation follows each row: type, bounds, mapping fields, notAbove', () => {
    const err = (raw: Record<string, unknown>) => {
      try {
        validateSettings(raw);
      } catch (e) {
        return e as SettingsError;
      }
      throw new Error('no error');
    };
    expect(err({ nodeCapacity: { pods: 0 } }).message).toBe(
      'nodeCapacity.pods must be an integer from 1 to 10000',
    );
    expect(err({ horizontalPodAutoscaler: { tolerance: 1 } }).message).toBe(
      'horizontalPodAutoscaler.tolerance must be a number from 0 to below 1 (e.g. 0.1)',
    );
    expect(err({ defaultTolerationSeconds: 1.5 }).field).toBe('defaultTolerationSeconds');
    expect(err({ nodeCapacity: 3 }).message).toBe('nodeCapacity must be a mapping (cpu, memory, pods)');
    expect(err({ imagePullBackOff: { base: '6m' } }).message).toBe(
      'imagePullBackOff.base (360000 ms) must not exceed imagePullBackOff.cap (300000 ms)',
    );
    expect(validateSettings({ crashLoopBackOff: { base: 2 }, nodeCapacity: { cpu: 2 }, nodes: 5 })).toEqual({
      crashLoopBackOff: { base: '2s' },
      nodeCapacity: { cpu: '2' },
    });
  });

  it('resolves each reader its projection (durations in ms, computed capacity)', () => {
    const s = validateSettings({ nodeMonitorGracePeriod: '8s', horizontalPodAutoscaler: { tolerance: 0.2 } });
    expect(resolveControllerSettings(s)).toMatchObject({
      nodeMonitorGracePeriodMs: 8000,
      hpa: { tolerance: 0.2 },
    });
    const node = resolveSettings(s, 2, HOST);
    expect(node).toEqual({
      nodeHeartbeat: 2000,
      crashLoopBackOff: { initialMs: 10_000, maxMs: 300_000 },
      imagePullBackOff: { initialMs: 10_000, maxMs: 300_000 },
      localImagesFirst: true,
      nodeCapacity: { cpu: '2', memory: '4194304Ki', pods: 110 },
    });
    // What the agent makes of it: the same values, capacity as the Node object writes it.
    expect(parseSettings(JSON.stringify(node))).toEqual({
      crashLoopBackOff: { initialMs: 10_000, maxMs: 300_000 },
      imagePullBackOff: { initialMs: 10_000, maxMs: 300_000 },
      localImagesFirst: true,
      capacity: { cpu: '2', memory: '4194304Ki', pods: '110' },
      heartbeatMs: 2000,
    });
  });

  it('precedence: flag ← environment ← file ← saved ← default; bad env values fall back', () => {
    expect(pickSetting('nodes', {})).toBe(2);
    expect(pickSetting('nodes', { saved: 3 })).toBe(3);
    expect(pickSetting('nodes', { file: 1, saved: 3 })).toBe(1);
    expect(pickSetting('nodes', { flag: 0, file: 1, saved: 3 })).toBe(0);
    expect(pickSetting('metricsResolution', { env: { KUBEDECK_METRICS_RESOLUTION: '2s' }, file: 9 })).toBe(
      2000,
    );
    expect(envSetting('metricsResolution', {})).toBe(15_000);
    expect(envSetting('metricsResolution', { KUBEDECK_METRICS_RESOLUTION: '50ms' })).toBe(15_000);
    expect(envSetting('storeSync', { KUBEDECK_STORE_SYNC: 'full' })).toBe('full');
    expect(envSetting('storeSync', { KUBEDECK_STORE_SYNC: 'fast' })).toBe('normal');
    expect(envSetting('pauseImage', { KUBEDECK_PAUSE_IMAGE: ' my/pause:1 ' })).toBe('my/pause:1');
  });

  it('the form rows are the table rows with a group, with the values in effect', () => {
    const rows = effectiveSettings({ nodeCapacity: { pods: 50 } }, 4, HOST);
    expect(rows.map((r) => r.key)).toEqual(SETTINGS.filter((r) => 'group' in r).map((r) => r.key));
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['nodes']).toMatchObject({
      value: '4',
      default: '2',
      set: true,
      type: 'integer',
      min: 0,
      max: 32,
    });
    expect(byKey['nodeCapacity.pods']).toMatchObject({ value: '50', default: '110', set: true });
    expect(byKey['nodeCapacity.cpu']).toMatchObject({ value: '1', default: '1', set: false, type: 'cpu' });
    expect(byKey['localImagesFirst']).toMatchObject({ type: 'boolean', group: '' });
  });
});
