import { describe, expect, it } from 'vitest';
import { customerHolidays } from '../../../src/domain/cadence/business-days.js';
import { businessDayOfMonth, monthlyStatementDue } from '../../../src/domain/statements/monthly-statement-day.js';
import { parseStatementPolicy, statementPolicyJson } from '../../../src/domain/statements/statement-policy.js';
import { jsonErrorLine } from '../../../src/domain/json-error-line.js';

const none = new Set<string>();

describe('businessDayOfMonth', () => {
  it.each([
    // August 2026 starts on a Saturday: its first business day is Monday the 3rd.
    ['2026-08', 1, none, '2026-08-03'],
    ['2026-08', 2, none, '2026-08-04'],
    ['2026-08', 6, none, '2026-08-10'],
    // February 2026 starts on a Sunday; business day 20 is its last Friday.
    ['2026-02', 1, none, '2026-02-02'],
    ['2026-02', 20, none, '2026-02-27'],
    // Friday 1 May a holiday: Mon 4, Tue 5, Wed 6.
    ['2026-05', 3, new Set(['2026-05-01']), '2026-05-06'],
    // A holiday on the day itself moves it to the next business day.
    ['2026-08', 1, new Set(['2026-08-03']), '2026-08-04'],
    // Holidays leaving fewer than 20 business days in February: its last business day, never March.
    ['2026-02', 20, new Set(['2026-02-16', '2026-02-17']), '2026-02-27'],
  ] as const)('%s business day %i (holidays %o) is %s', (month, n, holidays, day) => {
    expect(businessDayOfMonth(month, n, holidays)).toBe(day);
  });
});

describe('monthlyStatementDue', () => {
  const base = { zone: 'Europe/Paris', businessDay: 1, holidays: none, sendHour: 9, sendUntil: 17 };
  it.each([
    ['Saturday 1 August, 10:00 in Paris: not a business day', '2026-08-01T08:00:00Z', base, null],
    ['Monday 3 August, 08:59 in Paris: before the send hour', '2026-08-03T06:59:00Z', base, null],
    ['Monday 3 August, 09:00 in Paris', '2026-08-03T07:00:00Z', base, { month: '2026-08', day: '2026-08-03' }],
    ['Monday 3 August, 16:59 in Paris', '2026-08-03T14:59:00Z', base, { month: '2026-08', day: '2026-08-03' }],
    ['Monday 3 August, 17:00 in Paris: the send hours are over (no catch-up later)', '2026-08-03T15:00:00Z', base, null],
    ['Tuesday 4 August, 10:00 in Paris: the day has passed', '2026-08-04T08:00:00Z', base, null],
    // 00:30 UTC on Monday 3 August is 09:30 in Tokyo: Tokyo's day and hours, not UTC's or the company's.
    ['Monday 3 August, 09:30 in Tokyo', '2026-08-03T00:30:00Z', { ...base, zone: 'Asia/Tokyo' }, { month: '2026-08', day: '2026-08-03' }],
    ['Monday 3 August, 17:30 in Tokyo', '2026-08-03T08:30:00Z', { ...base, zone: 'Asia/Tokyo' }, null],
    // 23:30 UTC on 31 July is already Saturday 1 August in Tokyo; in New York Monday 3 August 09:00 is 13:00 UTC.
    ['Monday 3 August, 09:00 in New York (EDT)', '2026-08-03T13:00:00Z', { ...base, zone: 'America/New_York' }, { month: '2026-08', day: '2026-08-03' }],
    ['Monday 3 August, 08:00 in New York', '2026-08-03T12:00:00Z', { ...base, zone: 'America/New_York' }, null],
    ['business day 3 of May with Friday 1 a holiday: Wednesday 6', '2026-05-06T08:00:00Z', { ...base, businessDay: 3, holidays: new Set(['2026-05-01']) }, { month: '2026-05', day: '2026-05-06' }],
    ['business day 3 of May with Friday 1 a holiday: not Tuesday 5', '2026-05-05T08:00:00Z', { ...base, businessDay: 3, holidays: new Set(['2026-05-01']) }, null],
  ] as const)('%s', (_, at, input, due) => {
    expect(monthlyStatementDue({ ...input, now: new Date(at) })).toEqual(due);
  });
});

describe('customerHolidays', () => {
  it('counts the company-wide holidays and the customer country\'s', () => {
    const byCountry = new Map([['*', new Set(['2026-12-25'])], ['FR', new Set(['2026-07-14'])]]);
    expect([...customerHolidays(byCountry, 'FR')].sort()).toEqual(['2026-07-14', '2026-12-25']);
    expect([...customerHolidays(byCountry, 'DE')]).toEqual(['2026-12-25']);
    expect([...customerHolidays(byCountry, null)]).toEqual(['2026-12-25']);
  });
});

describe('parseStatementPolicy', () => {
  it('reads snake_case entries and prints them back as the file says them', () => {
    const r = parseStatementPolicy({ monthly: [{ segment: 'top', business_day: 1 }, { segment: 'at_risk', business_day: 3 }] });
    expect(r).toEqual({ ok: true, policy: { monthly: [{ segment: 'top', businessDay: 1 }, { segment: 'at_risk', businessDay: 3 }] } });
    expect(statementPolicyJson((r as { policy: Parameters<typeof statementPolicyJson>[0] }).policy))
      .toEqual({ monthly: [{ segment: 'top', business_day: 1 }, { segment: 'at_risk', business_day: 3 }] });
  });

  it('is off by default: an empty file lists no segment', () => {
    expect(parseStatementPolicy({})).toEqual({ ok: true, policy: { monthly: [] } });
  });

  const text = (entries: string[]) => `{\n  "monthly": [\n${entries.map((e) => `    ${e}`).join(',\n')}\n  ]\n}\n`;
  it.each([
    [text(['{"segment": "top", "business_day": 1}', '{"segment": "vip", "business_day": 1}']), 4, 'monthly.1.segment: a segment: top, standard, at_risk'],
    [text(['{"segment": "top", "business_day": 1}', '{"segment": "standard", "business_day": 0}']), 4, 'monthly.1.business_day: a whole number from 1 to 20'],
    [text(['{"segment": "top", "business_day": 21}']), 3, 'monthly.0.business_day: at most 20 (every month has that many business days)'],
    [text(['{"segment": "top", "business_day": 1.5}']), 3, 'monthly.0.business_day: a whole number from 1 to 20'],
    [text(['{"segment": "top", "business_day": 1}', '{"segment": "standard", "business_day": 2}', '{"segment": "top", "business_day": 5}']), 5, 'monthly.2.segment: top is listed twice: keep one entry per segment'],
    [text(['{"segment": "top", "business_day": 1, "day": 2}']), 3, 'monthly.0: unknown field "day" (known: segment, business_day)'],
    [text(['{"segment": "top"}']), 3, 'monthly.0.business_day: a whole number from 1 to 20'],
    ['{\n  "monthly": [],\n  "weekly": []\n}\n', 3, 'policy: unknown field "weekly" (known: monthly)'],
  ])('refuses %j at line %i: %s', (file, line, reason) => {
    expect(parseStatementPolicy(JSON.parse(file), file)).toEqual({ ok: false, line, reason });
  });
});

describe('jsonErrorLine', () => {
  it.each([
    ['{\n  "monthly": [\n    {"segment": "top"},\n  ]\n}\n', 4],
    ['{\n  "monthly": []\n  "x": 1\n}', 3],
    ['{\n  "monthly": [\n', 3],
    ['{"monthly": []}', null],
  ])('%j: line %s', (text, line) => {
    expect(jsonErrorLine(text)).toBe(line);
  });
});
