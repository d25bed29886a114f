import { onOrNextBusinessDay } from '../cadence/business-days.js';
import { dateInZone, type CalendarDate } from '../calendar-date.js';
import { shiftMonth, type CalendarMonth } from './report-month.js';

/**
 * The first business day of a month: its first day, or the next weekday that is not a holiday.
 * @example firstBusinessDayOfMonth('2026-11', new Set()) // "2026-11-02" (the 1st is a Sunday)
 * @example firstBusinessDayOfMonth('2027-01', new Set(['2027-01-01'])) // "2027-01-04" (holiday Friday, then the weekend)
 */
export function firstBusinessDayOfMonth(month: CalendarMonth, holidays: ReadonlySet<CalendarDate>): CalendarDate {
  return onOrNextBusinessDay(`${month}-01`, holidays);
}

/**
 * The month whose review is due on `today`: the previous month when `today` is the first business day of its own
 * month, else null (the review is posted on that one day only; the alert's dedupe key makes every run of it post once).
 * @example monthlyReviewDue('2026-11-02', new Set()) // "2026-10"
 * @example monthlyReviewDue('2026-11-03', new Set()) // null
 */
export function monthlyReviewDue(today: CalendarDate, holidays: ReadonlySet<CalendarDate>): CalendarMonth | null {
  const own = today.slice(0, 7);
  return firstBusinessDayOfMonth(own, holidays) === today ? shiftMonth(own, 1) : null;
}

/**
 * The company's day of an instant and the review due then, if any (`now` is read in the company's zone: 23:30 UTC
 * on the last day of a month is already the 1st in Paris).
 * @example monthlyReviewDueAt(new Date('2026-10-31T23:30:00Z'), 'Europe/Paris', new Set()) // { today: '2026-11-01', month: null } (a Sunday)
 */
export function monthlyReviewDueAt(now: Date, zone: string, holidays: ReadonlySet<CalendarDate>): { today: CalendarDate; month: CalendarMonth | null } {
  const today = dateInZone(now, zone);
  return { today, month: monthlyReviewDue(today, holidays) };
}
