import { addDaysToDate } from '../../src/domain/calendar-date.js';
import type { CurrencyTrend } from '../../src/ports/kpi-store.js';
import type { Sql } from './connect.js';
import { appliedWhileOpen, dailySales, dailyTotalsAt } from './kpi-daily.js';
import type { KpiShape } from './kpi-scope.js';
import { openFromDaily, salesIn } from './kpi-totals-daily.js';

/** Open AR, overdue amount and 90-day sales at each month end per currency, from the daily rollup. */
export async function trendFromDaily(sql: Sql, monthEnds: readonly string[], shape: KpiShape): Promise<CurrencyTrend[]> {
  const last = monthEnds.at(-1)!;
  const [totals, corrections, sales] = await Promise.all([
    dailyTotalsAt(sql, monthEnds, shape),
    appliedWhileOpen(sql, monthEnds, shape),
    dailySales(sql, addDaysToDate(monthEnds[0]!, -90), last, shape),
  ]);
  const currencies = totals.filter((t) => t.at === last && t.sales_minor > 0n).map((t) => t.currency).sort();
  return currencies.map((currency) => ({
    currency,
    points: monthEnds.map((monthEnd) => {
      const open = openFromDaily(totals.find((t) => t.currency === currency && t.at === monthEnd), corrections);
      return {
        monthEnd, openAr: open.openAr, overdueAmount: open.overdueAmount,
        sales90d: salesIn(sales, currency, addDaysToDate(monthEnd, -90), monthEnd),
      };
    }),
  }));
}
