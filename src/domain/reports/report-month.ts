import { addDaysToDate, isCalendarDate, type CalendarDate } from '../calendar-date.js';
import { daysInMonth, endOfMonth } from '../kpi/calendar-months.js';

/** A calendar month as "YYYY-MM" (no zone: its days are read in the company's time zone). */
export type CalendarMonth = string;

/** The days of a month, both ends included. */
export interface MonthDays {
  readonly month: CalendarMonth;
  readonly first: CalendarDate;
  readonly last: CalendarDate;
}

/**
 * True when `text` is a month written YYYY-MM.
 * @example isCalendarMonth('2026-03') // true; isCalendarMonth('2026-13') // false
 */
export function isCalendarMonth(text: string): text is CalendarMonth {
  return /^\d{4}-\d{2}$/.test(text) && isCalendarDate(`${text}-01`);
}

/**
 * The first and last day of a month.
 * @example monthDays('2028-02') // { month: '2028-02', first: '2028-02-01', last: '2028-02-29' }
 */
export function monthDays(month: CalendarMonth): MonthDays {
  const first = `${month}-01`;
  return { month, first, last: endOfMonth(first) };
}

/**
 * The month `count` months before (negative: after).
 * @example shiftMonth('2026-01', 1) // "2025-12"
 */
export function shiftMonth(month: CalendarMonth, count: number): CalendarMonth {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The `count` months ending with `month`, oldest first.
 * @example monthsEndingWith('2026-02', 3) // ['2025-12', '2026-01', '2026-02']
 */
export function monthsEndingWith(month: CalendarMonth, count: number): CalendarMonth[] {
  return Array.from({ length: count }, (_, k) => shiftMonth(month, count - 1 - k));
}

/**
 * The latest month whose last day is on or before `date`: the month a review "as of" that date looks back on.
 * @example lastCompleteMonth('2026-03-31') // "2026-03"; lastCompleteMonth('2026-04-10') // "2026-03"
 */
export function lastCompleteMonth(date: CalendarDate): CalendarMonth {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const own = date.slice(0, 7);
  return d === daysInMonth(y, m) ? own : shiftMonth(own, 1);
}

/**
 * The day after a date: the exclusive end of a period whose last day is `date`.
 * @example dayAfter('2026-02-28') // "2026-03-01"
 */
export function dayAfter(date: CalendarDate): CalendarDate {
  return addDaysToDate(date, 1);
}
