import { describe, expect, it } from 'vitest';
import { firstBusinessDayOfMonth, monthlyReviewDue, monthlyReviewDueAt } from '../../../src/domain/reports/monthly-review-day.js';

const none = new Set<string>();

describe('firstBusinessDayOfMonth', () => {
  it.each([
    ['a month starting on a weekday starts on its 1st', '2026-04', none, '2026-04-01'],
    ['a month starting on a Sunday starts on Monday the 2nd', '2026-11', none, '2026-11-02'],
    ['a month starting on a Saturday starts on Monday the 3rd', '2026-08', none, '2026-08-03'],
    ['a holiday on the 1st moves it to the next weekday', '2026-05', new Set(['2026-05-01']), '2026-05-04'],
    ['a holiday Friday then a weekend: Monday the 4th', '2027-01', new Set(['2027-01-01']), '2027-01-04'],
    ['without the holiday, Friday the 1st', '2027-01', none, '2027-01-01'],
    ['two holidays in a row after a weekend', '2028-01', new Set(['2028-01-03', '2028-01-04']), '2028-01-05'],
  ])('%s', (_, month, holidays, expected) => {
    expect(firstBusinessDayOfMonth(month, holidays)).toBe(expected);
  });
});

describe('monthlyReviewDue', () => {
  it.each([
    ['is due for October on Monday 2026-11-02', '2026-11-02', none, '2026-10'],
    ['is not due on the Sunday 1st', '2026-11-01', none, null],
    ['is not due on the second business day', '2026-11-03', none, null],
    ['is due for December on 2027-01-04 when New Year is a holiday', '2027-01-04', new Set(['2027-01-01']), '2026-12'],
    ['is not due on the holiday itself', '2027-01-01', new Set(['2027-01-01']), null],
    ['crosses the year: January 2026 reviews December 2025', '2026-01-01', none, '2025-12'],
    ['is not due on the last day of a month', '2026-03-31', none, null],
  ])('%s', (_, today, holidays, expected) => {
    expect(monthlyReviewDue(today, holidays)).toBe(expected);
  });
});

describe('monthlyReviewDueAt', () => {
  it.each([
    ['reads the day in Paris: 23:30 UTC on March 31 is April 1, a Wednesday', '2026-03-31T23:30:00Z', 'Europe/Paris', { today: '2026-04-01', month: '2026-03' }],
    ['the same instant in New York is still March 31', '2026-03-31T23:30:00Z', 'America/New_York', { today: '2026-03-31', month: null }],
    ['07:00 in Tokyo on Monday 2026-11-02 is Sunday in UTC', '2026-11-01T22:00:00Z', 'Asia/Tokyo', { today: '2026-11-02', month: '2026-10' }],
  ])('%s', (_, now, zone, expected) => {
    expect(monthlyReviewDueAt(new Date(now), zone, none)).toEqual(expected);
  });
});
