import { addDaysToDate, type CalendarDate } from '../calendar-date.js';

/** 0 = Sunday … 6 = Saturday, for a calendar date (no zone involved). */
export function weekday(date: CalendarDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** True on Monday to Friday when the date is not in `holidays`. */
export function isBusinessDay(date: CalendarDate, holidays: ReadonlySet<CalendarDate>): boolean {
  const w = weekday(date);
  return w !== 0 && w !== 6 && !holidays.has(date);
}

/**
 * The date itself when it is a business day, else the next one.
 * @example onOrNextBusinessDay('2026-03-07', new Set()) // "2026-03-09" (Saturday → Monday)
 */
export function onOrNextBusinessDay(date: CalendarDate, holidays: ReadonlySet<CalendarDate>): CalendarDate {
  let d = date;
  // Bounded: no calendar has 60 non-business days in a row; guards against a runaway holiday list.
  for (let i = 0; i < 60 && !isBusinessDay(d, holidays); i++) d = addDaysToDate(d, 1);
  return d;
}

/**
 * The business day `n` business days after `date` (weekends and holidays not counted).
 * @example addBusinessDays('2026-03-06', 1, new Set()) // "2026-03-09" (Friday → Monday)
 */
export function addBusinessDays(date: CalendarDate, n: number, holidays: ReadonlySet<CalendarDate>): CalendarDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDaysToDate(d, 1);
    if (isBusinessDay(d, holidays)) left--;
  }
  return d;
}

const none: ReadonlySet<CalendarDate> = new Set();

/**
 * A customer's holidays: the company-wide ones ('*') and their country's, as the cadence counts them.
 * @example customerHolidays(new Map([['*', new Set(['2026-12-25'])], ['FR', new Set(['2026-07-14'])]]), 'FR') // Set { '2026-12-25', '2026-07-14' }
 */
export function customerHolidays(byCountry: ReadonlyMap<string, ReadonlySet<CalendarDate>>, country: string | null): ReadonlySet<CalendarDate> {
  const company = byCountry.get('*') ?? none;
  const local = country ? byCountry.get(country) : undefined;
  return local ? new Set([...company, ...local]) : company;
}
