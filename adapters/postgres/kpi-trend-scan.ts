import { addDaysToDate } from '../../src/domain/calendar-date.js';
import type { CurrencyTrend } from '../../src/ports/kpi-store.js';
import type { Sql } from './connect.js';
import { reportedGroups, salesBy } from './kpi-sales.js';
import { customerJoin, openAt, remainingAt, scopeFilter, type KpiShape } from './kpi-scope.js';

/**
 * Open AR, overdue amount and 90-day sales at each month end, per currency, in two reads: invoices open at
 * any of the month ends (one range over the settlement summary, each invoice counted at the month ends it
 * was open at) and daily sales from 90 days before the first month end.
 */
export async function trendTotals(sql: Sql, monthEnds: readonly string[], shape: KpiShape): Promise<CurrencyTrend[]> {
  const first = monthEnds[0]!;
  const last = monthEnds.at(-1)!;
  const currencies = (await reportedGroups(sql, last, { scope: shape.scope })).map((g) => g.currency);
  if (currencies.length === 0) return [];
  const e = sql`e.month_end`;
  const open = await sql<{ currency: string; month_end: string; open_ar: bigint; overdue: bigint }[]>`
    SELECT i.currency, to_char(e.month_end, 'YYYY-MM-DD') AS month_end,
           sum(${remainingAt(sql, e)})::int8 AS open_ar,
           coalesce(sum(${remainingAt(sql, e)}) FILTER (WHERE i.due_date < e.month_end), 0)::int8 AS overdue
    FROM invoice_settlements i ${customerJoin(sql, shape)}
    JOIN unnest(${monthEnds as string[]}::date[]) AS e(month_end) ON ${openAt(sql, e)}
    WHERE i.issue_date <= ${last}::date AND coalesce(i.settled_on, 'infinity'::date) > ${first}::date
          ${scopeFilter(sql, shape)}
    GROUP BY i.currency, e.month_end`;
  const sales = await salesBy(sql, 'day', addDaysToDate(first, -90), last, { scope: shape.scope });
  return currencies.map((currency) => ({
    currency,
    points: monthEnds.map((monthEnd) => {
      const o = open.find((r) => r.currency === currency && r.month_end === monthEnd);
      const from = addDaysToDate(monthEnd, -90);
      return {
        monthEnd,
        openAr: o?.open_ar ?? 0n,
        overdueAmount: o?.overdue ?? 0n,
        sales90d: sales.reduce((s, r) => (r.currency === currency && r.on > from && r.on <= monthEnd ? s + r.sales : s), 0n),
      };
    }),
  }));
}
