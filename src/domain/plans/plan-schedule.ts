import { addDaysToDate, type CalendarDate } from '../calendar-date.js';

/** One instalment: an amount due on a date. */
export interface Instalment {
  readonly dueDate: CalendarDate;
  readonly amountMinor: bigint;
}

/** How often instalments fall: every N days, or on the same day each month. */
export type PlanInterval = { readonly everyDays: number } | { readonly monthly: true };

/**
 * The date `months` calendar months after `date`, on the same day or the month's last day when it has fewer.
 * @example addMonthsToDate('2026-01-31', 1) // "2026-02-28"
 */
export function addMonthsToDate(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * Splits a total into `count` instalments from `first`, evenly in minor units, the remainder on the last.
 * @example splitEvenly(1000n, 3, '2026-04-01', { everyDays: 30 })
 *   // [{ 2026-04-01, 333n }, { 2026-05-01, 333n }, { 2026-05-31, 334n }]
 */
export function splitEvenly(totalMinor: bigint, count: number, first: CalendarDate, interval: PlanInterval): Instalment[] {
  const n = BigInt(count);
  const share = totalMinor / n;
  return Array.from({ length: count }, (_, k) => ({
    dueDate: 'monthly' in interval ? addMonthsToDate(first, k) : addDaysToDate(first, k * interval.everyDays),
    amountMinor: k === count - 1 ? totalMinor - share * (n - 1n) : share,
  }));
}
