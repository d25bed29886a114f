import type { CalendarDate } from '../calendar-date.js';
import { dso90d } from './dso.js';
import { ratio, roundedNumber } from './ratio.js';

/** What one trend point is computed from: one currency at one month end, minor units. */
export interface TrendTotals {
  readonly monthEnd: CalendarDate;
  readonly openAr: bigint;
  readonly overdueAmount: bigint;
  readonly sales90d: bigint;
}

export interface TrendPoint {
  readonly month_end: CalendarDate;
  readonly dso_90d: number | null;
  readonly overdue_share_amount: number | null;
}

/** The number of month ends a trend shows. */
export const TREND_MONTHS = 12;

/**
 * dso_90d and overdue_share_amount at one month end, rounded like the KPIs.
 * @example buildTrendPoint({ monthEnd: '2026-01-31', openAr: 3000n, overdueAmount: 750n, sales90d: 9000n })
 * // { month_end: '2026-01-31', dso_90d: 30, overdue_share_amount: 0.25 }
 */
export function buildTrendPoint(t: TrendTotals): TrendPoint {
  return {
    month_end: t.monthEnd,
    dso_90d: roundedNumber(dso90d(t.openAr, t.sales90d), 2),
    overdue_share_amount: roundedNumber(ratio(t.overdueAmount, t.openAr), 4),
  };
}
