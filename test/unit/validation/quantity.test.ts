import { describe, expect, it } from 'vitest';
import { parseQuantity, parseQuantityMilli } from '../../../orchestrator/api/validation/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['100m', 0.1],
    ['0.1', 0.1],
    ['1.5', 1.5],
    ['250m', 0.25],
    ['1k', 1000],
    ['1M', 1e6],
    ['2G', 2e9],
    ['1Ki', 1024],
    ['128Mi', 128 * 1024 * 1024],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1Ti', 1024 ** 4],
    ['1e3', 1000],
    ['1E3', 1000],
    ['5e-3', 0.005],
    ['-1', -1],
    ['+2', 2],
    ['.5', 0.5],
    ['1E', 1e18],
    ['0', 0],
  ])('%s → %d', (s, v) => {
    expect(parseQuantity(s)).toBe(v);
  });

  it('rounds sub-milli values up to the next milli (MilliValue)', () => {
    expect(parseQuantity('1n')).toBe(0.001);
    expect(parseQuantityMilli('1500u')).toBe(2n);
  });

  it.each(['', 'abc', '1K', '1kb', '1.2.3', 'Mi', ' 1', '1 ', '1e', '1Mib', '--1', '.'])(
    'rejects %j',
    (s) => {
      expect(parseQuantity(s)).toBeUndefined();
    },
  );
});
