import type { CalendarDate } from '../../src/domain/calendar-date.js';

// Fixed English names: a chart looks the same on every server, whatever its ICU data and locale.
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The month of a date, short: "Jan". @example monthName('2026-01-31') // "Jan"
 */
export function monthName(date: CalendarDate): string {
  return months[Number(date.slice(5, 7)) - 1] ?? '?';
}

/**
 * The month and year of a date. @example monthYear('2026-01-31') // "Jan 2026"
 */
export function monthYear(date: CalendarDate): string {
  return `${monthName(date)} ${date.slice(0, 4)}`;
}

/**
 * A date as people read it. @example dayMonthYear('2026-12-31') // "31 Dec 2026"
 */
export function dayMonthYear(date: CalendarDate): string {
  return `${Number(date.slice(8, 10))} ${monthYear(date)}`;
}
