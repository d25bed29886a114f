import { addDaysToDate, isCalendarDate, type CalendarDate } from '../calendar-date.js';
import type { RateFixing } from './late-fee-rule.js';

/** A published reference rate (ECB main refinancing rate, Basiszinssatz, Bank of England base rate), in force from a date until the next one. */
export interface ReferenceRate {
  readonly series: string;
  readonly validFrom: CalendarDate;
  /** Basis points a year: 4.50% = 450; negative rates exist (the Basiszinssatz was -0.88% in 2016–2022). */
  readonly rateBp: number;
}

/**
 * The rate of one series in force on a day: the latest published on or before it, or null when none was loaded.
 * @example rateInForce([{ series: 'ecb_mro', validFrom: '2025-06-11', rateBp: 215 }], '2025-07-01') // 215
 */
export function rateInForce(rates: readonly ReferenceRate[], on: CalendarDate): number | null {
  let best: ReferenceRate | null = null;
  for (const r of rates) if (r.validFrom <= on && (best === null || r.validFrom > best.validFrom)) best = r;
  return best === null ? null : best.rateBp;
}

/**
 * The first day of the half-year holding `day`.
 * @example halfYearStart('2026-09-14') // "2026-07-01"
 */
export function halfYearStart(day: CalendarDate): CalendarDate {
  return `${day.slice(0, 4)}-${Number(day.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
}

/**
 * The first day of the half-year after the one holding `day`.
 * @example nextHalfYearStart('2026-03-01') // "2026-07-01"; nextHalfYearStart('2026-07-01') // "2027-01-01"
 */
export function nextHalfYearStart(day: CalendarDate): CalendarDate {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) <= 6 ? `${year}-07-01` : `${year + 1}-01-01`;
}

/**
 * The day whose rate in force applies to a late day (src/domain/fees/late-fee-rule.ts explains both fixings):
 * `per_half_year`, the first day of that late day's half-year; `fixed_when_overdue`, the day before the half-year in
 * which the debt became overdue (its first late day), whatever the late day.
 * @example rateFixingDate('per_half_year', '2026-08-03', '2026-05-01') // "2026-07-01"
 * @example rateFixingDate('fixed_when_overdue', '2026-08-03', '2026-05-01') // "2025-12-31"
 */
export function rateFixingDate(fixing: RateFixing, lateDay: CalendarDate, firstLateDay: CalendarDate): CalendarDate {
  return fixing === 'per_half_year' ? halfYearStart(lateDay) : addDaysToDate(halfYearStart(firstLateDay), -1);
}

export const seriesPattern = /^[a-z][a-z0-9_]{0,39}$/;

export type RateRowResult = { ok: true; rate: ReferenceRate } | { ok: false; errors: { column: string; reason: string }[] };

/**
 * Checks one row of a rates file (columns series, valid_from, rate_bp).
 * @example parseRateRow({ series: 'boe_base', valid_from: '2025-08-07', rate_bp: '400' }) // { ok: true, rate: { series: 'boe_base', validFrom: '2025-08-07', rateBp: 400 } }
 */
export function parseRateRow(cells: Readonly<Record<string, string | undefined>>): RateRowResult {
  const series = (cells.series ?? '').trim();
  const validFrom = (cells.valid_from ?? '').trim();
  const bpText = (cells.rate_bp ?? '').trim();
  const errors: { column: string; reason: string }[] = [];
  if (!seriesPattern.test(series)) errors.push({ column: 'series', reason: series === '' ? 'required: a series name such as ecb_mro' : `expected lower-case letters, digits and _, such as ecb_mro, got "${series}"` });
  if (!isCalendarDate(validFrom)) errors.push({ column: 'valid_from', reason: `expected a date YYYY-MM-DD, got "${validFrom}"` });
  // Basis points are whole: 4.5% is 450. A decimal here is a percentage typed in the wrong column.
  if (!/^-?\d{1,5}$/.test(bpText) || Math.abs(Number(bpText)) > 10_000) {
    errors.push({ column: 'rate_bp', reason: `expected whole basis points between -10000 and 10000 (4.50% is 450), got "${bpText}"` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rate: { series, validFrom, rateBp: Number(bpText) } };
}
