import type { CalendarDate } from '../calendar-date.js';
import { minusMonths } from './calendar-months.js';
import { ratio, scaleRatio, type Ratio } from './ratio.js';

/**
 * M, the start of the CEI window: D minus 3 calendar months, the day clamped to the month's end.
 * @example ceiStart('2026-05-31') // "2026-02-28"
 */
export function ceiStart(asOf: CalendarDate): CalendarDate {
  return minusMonths(asOf, 3);
}

/** The four amounts CEI reads, minor units of one currency. */
export interface CeiInputs {
  /** open_ar(M). */
  readonly openArAtStart: bigint;
  /** sales(M, D]. */
  readonly sales: bigint;
  /** open_ar(D). */
  readonly openAr: bigint;
  /** overdue_amount(D). */
  readonly overdueAmount: bigint;
}

/**
 * cei = (open_ar(M) + sales(M, D] − open_ar(D)) / (open_ar(M) + sales(M, D] − (open_ar(D) − overdue_amount(D))) × 100.
 * @example collectionEffectiveness({ openArAtStart: 1000n, sales: 3000n, openAr: 1500n, overdueAmount: 500n }) // 2500/3000 × 100
 */
export function collectionEffectiveness(c: CeiInputs): Ratio | null {
  const base = c.openArAtStart + c.sales;
  return scaleRatio(ratio(base - c.openAr, base - (c.openAr - c.overdueAmount)), 100n);
}
