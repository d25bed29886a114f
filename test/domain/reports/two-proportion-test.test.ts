import { describe, expect, it } from 'vitest';
import { erfc, twoProportionZTest } from '../../../src/domain/reports/two-proportion-test.js';

describe('twoProportionZTest', () => {
  // Reference values from the pooled formula computed independently (Python: math.erfc(abs(z) / sqrt(2))).
  it.each([
    [[30, 100], [20, 100], 1.632993, 0.102470],
    [[20, 100], [30, 100], -1.632993, 0.102470],
    [[0, 1], [1, 2], -0.866025, 0.386476],
    [[45, 50], [30, 50], 3.464102, 0.000532],
    [[50, 100], [50, 100], 0, 1],
  ])('compares %j with %j: z %f, p %f', (a, b, z, p) => {
    const r = twoProportionZTest({ successes: a[0]!, trials: a[1]! }, { successes: b[0]!, trials: b[1]! })!;
    expect(r.z).toBeCloseTo(z, 5);
    expect(r.p_value).toBeCloseTo(p, 6);
  });

  it.each([
    ['a variant with no trials', [0, 0], [3, 10]],
    ['nobody succeeding anywhere', [0, 10], [0, 12]],
    ['everybody succeeding everywhere', [10, 10], [12, 12]],
  ])('has no answer for %s', (_what, a, b) => {
    expect(twoProportionZTest({ successes: a[0]!, trials: a[1]! }, { successes: b[0]!, trials: b[1]! })).toBeNull();
  });

  it.each([
    [[3, 2], [1, 2]],
    [[-1, 2], [1, 2]],
    [[1.5, 2], [1, 2]],
    [[1, 2], [1, Number.NaN]],
  ])('refuses counts that are not whole or exceed their trials: %j, %j', (a, b) => {
    expect(() => twoProportionZTest({ successes: a[0]!, trials: a[1]! }, { successes: b[0]!, trials: b[1]! })).toThrow(RangeError);
  });
});

describe('erfc', () => {
  it.each([
    [0, 1],
    [1.959963984540054 / Math.SQRT2, 0.05],
    [2.5758293035489 / Math.SQRT2, 0.01],
    [-1, 1.842700792949715],
    [3, 2.209049699858544e-5],
  ])('erfc(%f) ≈ %f', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(2e-7);
  });
});
