import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../orchestrator/api/tables/duration.js';
import { D, H, M, S } from './helpers.js';

describe('humanDuration (upstream duration.HumanDuration)', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1500, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [1 * S, '1s'],
    [70 * S, '70s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [190 * S, '3m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [70 * M, '70m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 30 * M, '3h30m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [49 * H, '2d1h'],
    [8 * D - H, '7d23h'],
    [8 * D + 2 * H, '8d'],
    [367 * D, '367d'],
    [365 * 2 * D + 25 * H, '2y1d'],
    [365 * 3 * D, '3y'],
    [365 * 8 * D + 2 * H, '8y'],
    [365 * 20 * D, '20y'],
  ];
  it.each(cases)('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
