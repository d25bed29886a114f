import { describe, expect, it } from 'vitest';
import { medianHoursToAnswer } from '../../../src/domain/replies/answer-time.js';

describe('medianHoursToAnswer', () => {
  it.each([
    ['none handled', [], null],
    ['one reply after 3 hours', [10_800], 3],
    ['the middle of an odd count, whatever the order', [36_000, 3_600, 7_200], 2],
    ['the mean of the two middle values of an even count', [3_600, 9_000], 1.8],
    ['96 h and 3 h', [345_600, 10_800], 49.5],
    ['a minute rounds to a tenth of an hour', [60], 0],
    ['three minutes round half up', [180], 0.1],
    ['a clock step backwards counts as zero', [-50, 3_600, 3_600], 1],
  ])('%s', (_name, seconds, want) => {
    expect(medianHoursToAnswer(seconds)).toBe(want);
  });
});
