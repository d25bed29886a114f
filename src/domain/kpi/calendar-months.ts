import type { CalendarDate } from '../calendar-date.js';

function parts(date: CalendarDate): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function write(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Days in a month (month 1-12), leap years included.
 * @example daysInMonth(2028, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Goes back whole calendar months, clamping the day to the end of a shorter month.
 * @example minusMonths('2026-05-31', 3) // "2026-02-28"
 */
export function minusMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return write(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The last day of the month before the month of `date`.
 * @example endOfPreviousMonth('2026-03-15') // "2026-02-28"
 */
export function endOfPreviousMonth(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return m === 1 ? write(y - 1, 12, 31) : write(y, m - 1, daysInMonth(y, m - 1));
}

/**
 * The last day of the month of `date`.
 * @example endOfMonth('2028-02-10') // "2028-02-29"
 */
export function endOfMonth(date: CalendarDate): CalendarDate {
  const [y, m] = parts(date);
  return write(y, m, daysInMonth(y, m));
}

/** A period (after, through]: dates d with after < d ≤ through, `days` of them. */
export interface Period {
  readonly after: CalendarDate;
  readonly through: CalendarDate;
  readonly days: number;
}

/**
 * The countback periods of `asOf`, newest first: (last day of the previous month, asOf], then each whole
 * calendar month before it.
 * @example countbackPeriods('2026-03-15', 2)
 * // [{ after: '2026-02-28', through: '2026-03-15', days: 15 }, { after: '2026-01-31', through: '2026-02-28', days: 28 }]
 */
export function countbackPeriods(asOf: CalendarDate, count: number): Period[] {
  const out: Period[] = [];
  let through = asOf;
  for (let k = 0; k < count; k++) {
    const after = endOfPreviousMonth(through);
    out.push({ after, through, days: parts(through)[2] });
    through = after;
  }
  return out;
}

/**
 * The `count` latest month ends on or before `asOf`, oldest first (asOf itself when it is a month end).
 * @example monthEndsThrough('2026-03-15', 2) // ["2026-01-31", "2026-02-28"]
 */
export function monthEndsThrough(asOf: CalendarDate, count: number): CalendarDate[] {
  let last = endOfMonth(asOf) === asOf ? asOf : endOfPreviousMonth(asOf);
  const out: CalendarDate[] = [];
  for (let k = 0; k < count; k++) {
    out.unshift(last);
    last = endOfPreviousMonth(last);
  }
  return out;
}
