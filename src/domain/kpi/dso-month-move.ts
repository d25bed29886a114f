import type { CalendarDate } from '../calendar-date.js';
import { endOfPreviousMonth } from './calendar-months.js';
import type { TrendPoint } from './kpi-trend.js';

/** DSO at a date against the end of the month before: the month end compared with, and the change in days. */
export interface DsoMonthMove {
  readonly since: CalendarDate;
  /** Now minus then, to 2 decimals like the KPI; null when either has no DSO (no sales) or the month end is not in the trend. */
  readonly days: number | null;
}

/**
 * How DSO moved since the end of the month before `asOf` (the last month end before asOf's month, which the /dso
 * trend always holds). Both figures are the rounded KPIs, so the move is exact in hundredths of a day.
 * @example dsoMonthMove('2026-03-31', 41.25, [{ month_end: '2026-02-28', dso_90d: 39.9, overdue_share_amount: 0.3 }])
 * // { since: '2026-02-28', days: 1.35 }
 */
export function dsoMonthMove(asOf: CalendarDate, dsoNow: number | null, trend: readonly TrendPoint[]): DsoMonthMove {
  const since = endOfPreviousMonth(asOf);
  const then = trend.find((p) => p.month_end === since)?.dso_90d ?? null;
  if (dsoNow === null || then === null) return { since, days: null };
  return { since, days: (Math.round(dsoNow * 100) - Math.round(then * 100)) / 100 };
}
