import { describe, expect, it } from 'vitest';
import { median, medianHours } from '../../../src/domain/reports/median.js';

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[5, 1, 3], 3],
    [[1, 2, 3, 10], 2.5],
    [[10, 1, 2, 3], 2.5],
    [[4, 4, 4, 9], 4],
  ])('of %j is %s', (values, want) => {
    expect(median(values)).toBe(want);
  });

  it('leaves its input in its order', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('medianHours', () => {
  it.each([
    [[], null],
    [[259_200, 129_600], 54],
    [[3600, 7200], 1.5],
    [[100], 0.03],
    // 18 s is 0.005 h exactly: rounds half away from zero, on the exact value, to 0.01.
    [[18], 0.01],
    [[17], 0],
  ])('of %j seconds is %s hours', (seconds, want) => {
    expect(medianHours(seconds)).toBe(want);
  });
});
