import { describe, expect, it } from 'vitest';
import { countbackPeriods, daysInMonth, endOfMonth, endOfPreviousMonth, minusMonths, monthEndsThrough } from '../../../src/domain/kpi/calendar-months.js';
import { ratio, roundedNumber, roundRatio, scaleRatio } from '../../../src/domain/kpi/ratio.js';

describe('roundRatio (exact, half away from zero)', () => {
  it.each([
    [1n, 8n, 2, '0.13'], [-1n, 8n, 2, '-0.13'], [1n, -8n, 2, '-0.13'], [3n, 8n, 2, '0.38'], [1n, 3n, 4, '0.3333'],
    [2n, 3n, 4, '0.6667'], [5n, 1n, 2, '5.00'], [0n, 7n, 2, '0.00'], [-1n, 1000n, 2, '0.00'], [-5n, 1000n, 2, '-0.01'],
    [1n, 200000n, 4, '0.0000'], [1n, 20000n, 4, '0.0001'], [123456789012345678901n, 10n, 2, '12345678901234567890.10'],
    [450n * 90n, 2200n, 2, '18.41'], [1150n * 90n, 2200n, 2, '47.05'],
  ])('%s / %s to %i places is %s', (num, den, places, text) => {
    expect(roundRatio(ratio(num, den), places)).toBe(text);
  });

  it('is null when the denominator is zero, and stays null when scaled', () => {
    expect(ratio(5n, 0n)).toBeNull();
    expect(roundRatio(scaleRatio(ratio(5n, 0n), 90n), 2)).toBeNull();
    expect(roundedNumber(null, 4)).toBeNull();
  });

  it('gives JSON numbers that print exactly as rounded', () => {
    expect(JSON.stringify([roundedNumber(ratio(1n, 3n), 4), roundedNumber(ratio(5n, 2n), 2), roundedNumber(ratio(10n, 1n), 2)]))
      .toBe('[0.3333,2.5,10]');
  });
});

describe('calendar months', () => {
  it.each([
    ['2026-05-31', 3, '2026-02-28'], ['2028-05-31', 3, '2028-02-29'], ['2026-03-31', 3, '2025-12-31'],
    ['2026-01-15', 1, '2025-12-15'], ['2026-03-30', 1, '2026-02-28'], ['2026-07-31', 24, '2024-07-31'],
    ['2026-02-28', 24, '2024-02-28'], ['2028-02-29', 12, '2027-02-28'], ['2026-08-31', 6, '2026-02-28'],
  ])('%s minus %i months is %s (day clamped to the month end)', (date, months, expected) => {
    expect(minusMonths(date, months)).toBe(expected);
  });

  it.each([
    [2026, 2, 28], [2028, 2, 29], [2100, 2, 28], [2000, 2, 29], [2026, 4, 30], [2026, 12, 31],
  ])('%i-%i has %i days', (y, m, d) => {
    expect(daysInMonth(y, m)).toBe(d);
  });

  it.each([
    ['2026-03-15', '2026-02-28', '2026-03-31'], ['2026-01-01', '2025-12-31', '2026-01-31'], ['2028-02-10', '2028-01-31', '2028-02-29'],
  ])('%s: previous month ends %s, month ends %s', (date, previous, end) => {
    expect(endOfPreviousMonth(date)).toBe(previous);
    expect(endOfMonth(date)).toBe(end);
  });

  it('walks countback periods back from the month so far through whole months', () => {
    expect(countbackPeriods('2026-03-15', 4)).toEqual([
      { after: '2026-02-28', through: '2026-03-15', days: 15 },
      { after: '2026-01-31', through: '2026-02-28', days: 28 },
      { after: '2025-12-31', through: '2026-01-31', days: 31 },
      { after: '2025-11-30', through: '2025-12-31', days: 31 },
    ]);
    expect(countbackPeriods('2026-03-31', 1)).toEqual([{ after: '2026-02-28', through: '2026-03-31', days: 31 }]);
    const all = countbackPeriods('2026-03-15', 25);
    expect(all.at(-1)).toEqual({ after: '2024-02-29', through: '2024-03-31', days: 31 });
  });

  it.each([
    ['2026-03-15', ['2026-01-31', '2026-02-28']],
    ['2026-02-28', ['2026-01-31', '2026-02-28']],
    ['2026-01-05', ['2025-11-30', '2025-12-31']],
  ])('the month ends through %s are %j', (date, ends) => {
    expect(monthEndsThrough(date, 2)).toEqual(ends);
  });
});
