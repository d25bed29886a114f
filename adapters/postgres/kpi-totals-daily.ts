import { addDaysToDate } from '../../src/domain/calendar-date.js';
import { countbackPeriods, minusMonths } from '../../src/domain/kpi/calendar-months.js';
import { ceiStart } from '../../src/domain/kpi/collection-effectiveness.js';
import { COUNTBACK_PERIODS } from '../../src/domain/kpi/countback-dso.js';
import type { DisputeTotals } from '../../src/domain/kpi/disputed-receivables.js';
import type { KpiTotals } from '../../src/domain/kpi/kpi-totals.js';
import type { OpenTotals } from '../../src/domain/kpi/open-receivables.js';
import type { Sql } from './connect.js';
import { appliedWhileOpen, dailySales, dailyTotalsAt, type DailyTotalsRow } from './kpi-daily.js';
import { disputeTotalsAt } from './kpi-disputes.js';
import type { KpiShape } from './kpi-scope.js';

// KPI totals without a grouping (all customers or one segment, one currency or all), from the daily rollup:
// prefix sums at D and at the CEI start, daily sales for the windows, the part-payment correction and the disputes.

export type Corrections = readonly { currency: string; at: string; bucket: number; applied: bigint }[];

/** Open totals at a date: the daily rollup's gross amounts less what was applied to invoices still open. */
export function openFromDaily(t: DailyTotalsRow | undefined, corrections: Corrections): OpenTotals {
  const bucket = (k: number) => (t?.gross[k] ?? 0n) - corrections
    .filter((c) => c.currency === t?.currency && c.at === t?.at && c.bucket === k)
    .reduce((s, c) => s + c.applied, 0n);
  const aging = { current: bucket(0), d1_30: bucket(1), d31_60: bucket(2), d61_90: bucket(3), d91_plus: bucket(4) };
  const overdueAmount = aging.d1_30 + aging.d31_60 + aging.d61_90 + aging.d91_plus;
  return {
    openAr: aging.current + overdueAmount, openCount: t?.open_count ?? 0n,
    overdueAmount, overdueCount: t?.overdue_count ?? 0n, aging,
  };
}

/** Σ sales of one currency's daily rows in (after, through]. */
export function salesIn(rows: readonly { currency: string; on: string; sales: bigint }[], currency: string, after: string, through: string): bigint {
  return rows.reduce((s, r) => (r.currency === currency && r.on > after && r.on <= through ? s + r.sales : s), 0n);
}

const noDisputes: DisputeTotals = { disputedCount: 0n, disputedAmount: 0n, openDisputes: 0n, openDisputeAgeDays: 0n };

/** KPI totals per currency at `asOf` for a shape without a grouping; run it inside one snapshot. */
export async function kpiTotalsFromDaily(sql: Sql, asOf: string, zone: string, shape: KpiShape): Promise<{ grp: string; totals: KpiTotals }[]> {
  const start = ceiStart(asOf);
  const periods = countbackPeriods(asOf, COUNTBACK_PERIODS);
  const from24m = minusMonths(asOf, 24);
  const from90 = addDaysToDate(asOf, -90);
  const earliest = [from90, start, from24m, periods.at(-1)!.after].sort()[0]!;
  // Sent together: postgres.js pipelines them on the transaction's connection.
  const [prefix, corrections, sales, disputes] = await Promise.all([
    dailyTotalsAt(sql, [asOf, start], shape),
    appliedWhileOpen(sql, [asOf, start], shape),
    dailySales(sql, earliest, asOf, shape),
    disputeTotalsAt(sql, asOf, zone, shape),
  ]);
  // A currency is reported once an invoice was issued on or before D; amounts are positive, so sales > 0.
  const reported = prefix.filter((r) => r.at === asOf && r.sales_minor > 0n).sort((a, b) => (a.currency < b.currency ? -1 : 1));
  if (reported.length === 0) return [];
  return reported.map((t) => {
    const c = t.currency;
    return {
      grp: '',
      totals: {
        currency: c,
        open: openFromDaily(t, corrections),
        disputes: disputes.find((d) => d.currency === c)?.totals ?? noDisputes,
        sales90d: salesIn(sales, c, from90, asOf),
        ceiOpenArAtStart: openFromDaily(prefix.find((r) => r.at === start && r.currency === c), corrections).openAr,
        ceiSales: salesIn(sales, c, start, asOf),
        countbackSales: periods.map((p) => salesIn(sales, c, p.after, p.through)),
        hasSales24m: salesIn(sales, c, from24m, asOf) > 0n,
        paid: { paidCount: t.paid_count, daysToPay: t.paid_days_to_pay, daysLate: t.paid_days_late, onTime: t.paid_on_time },
      },
    };
  });
}
