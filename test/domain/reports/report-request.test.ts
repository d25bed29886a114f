import { describe, expect, it } from 'vitest';
import { parseReportRequest } from '../../../src/domain/reports/report-request.js';
import { lastCompleteMonth, monthDays, monthsEndingWith, shiftMonth } from '../../../src/domain/reports/report-month.js';

describe('parseReportRequest', () => {
  const today = '2026-04-10';
  it.each([
    [{}, { asOf: '2026-04-10', month: '2026-03' }],
    [{ as_of: '2026-03-31' }, { asOf: '2026-03-31', month: '2026-03' }],
    [{ as_of: '2026-03-30' }, { asOf: '2026-03-30', month: '2026-02' }],
    [{ month: '2026-02' }, { asOf: '2026-02-28', month: '2026-02' }],
    [{ month: '2028-02' }, { asOf: '2028-02-29', month: '2028-02' }],
    [{ as_of: '2026-05-02', month: '2026-02' }, { asOf: '2026-05-02', month: '2026-02' }],
  ])('resolves %j to %j', (input, request) => {
    expect(parseReportRequest(input, today)).toEqual({ ok: true, request });
  });

  it.each([
    [{ as_of: '2026-02-30' }, 'as_of', 'expected a date YYYY-MM-DD in the years 1900 to 9998, got "2026-02-30"'],
    [{ as_of: '0001-01-01' }, 'as_of', 'expected a date YYYY-MM-DD in the years 1900 to 9998, got "0001-01-01"'],
    [{ as_of: "2026-03-31'; DROP TABLE invoices" }, 'as_of', `expected a date YYYY-MM-DD in the years 1900 to 9998, got "2026-03-31'; DROP TABLE invoices"`],
    [{ as_of: '9999-12-31' }, 'as_of', 'expected a date YYYY-MM-DD in the years 1900 to 9998, got "9999-12-31"'],
    [{ month: '9999-01' }, 'month', 'expected a month YYYY-MM in the years 1900 to 9998, got "9999-01"'],
    [{ month: '2026-13' }, 'month', 'expected a month YYYY-MM in the years 1900 to 9998, got "2026-13"'],
    [{ month: '2026-3' }, 'month', 'expected a month YYYY-MM in the years 1900 to 9998, got "2026-3"'],
    [{ month: '2026-03', as_of: '2026-03-30' }, 'month', '2026-03 ends after as_of 2026-03-30; give a month that ends on or before it'],
  ])('refuses %j: %s %s', (input, field, reason) => {
    expect(parseReportRequest(input, today)).toEqual({ ok: false, field, reason });
  });
});

describe('months', () => {
  it.each([
    ['2026-03-31', '2026-03'],
    ['2026-04-01', '2026-03'],
    ['2026-01-15', '2025-12'],
    ['2028-02-29', '2028-02'],
  ])('the last complete month on %s is %s', (date, month) => {
    expect(lastCompleteMonth(date)).toBe(month);
  });

  it('counts months across years', () => {
    expect(shiftMonth('2026-01', 1)).toBe('2025-12');
    expect(shiftMonth('2025-12', -1)).toBe('2026-01');
    expect(monthsEndingWith('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthDays('2026-02')).toEqual({ month: '2026-02', first: '2026-02-01', last: '2026-02-28' });
  });
});
