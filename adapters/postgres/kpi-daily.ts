import type { Sql } from './connect.js';
import { appliedThrough, customerJoin, scopeFilter, type Fragment, type KpiShape } from './kpi-scope.js';

// The daily rollups have no customer beyond the segment: shapes without a grouping only. One segment reads
// kpi_segment_daily (010), its slice of kpi_daily, and everything else here follows the same arithmetic.

/** Sums of the daily rollup over the days up to one date: the additive KPI inputs at that date (gross amounts). */
export interface DailyTotalsRow {
  readonly currency: string;
  readonly at: string;
  readonly sales_minor: bigint;
  readonly open_count: bigint;
  readonly overdue_count: bigint;
  /** Gross amounts of open invoices by aging bucket: current, 1_30, 31_60, 61_90, 91_plus. */
  readonly gross: readonly [bigint, bigint, bigint, bigint, bigint];
  readonly paid_count: bigint;
  readonly paid_days_to_pay: bigint;
  readonly paid_days_late: bigint;
  readonly paid_on_time: bigint;
}

/** `kpi_daily k`, or `kpi_segment_daily k` for one segment. */
const dailyTable = (sql: Sql, s: KpiShape): Fragment => (s.scope.segment === undefined ? sql`kpi_daily k` : sql`kpi_segment_daily k`);

/** `AND …` conditions of the scope on `k`. */
function dailyScope(sql: Sql, s: KpiShape): Fragment {
  const currency = s.scope.currency === undefined ? sql`` : sql`AND k.currency = ${s.scope.currency}`;
  const segment = s.scope.segment === undefined ? sql`` : sql`AND k.segment = ${s.scope.segment}`;
  return sql`${currency} ${segment}`;
}

/** Prefix sums of the daily rollup at each of `dates`, per currency (a few thousand rows read per date). */
export async function dailyTotalsAt(sql: Sql, dates: readonly string[], shape: KpiShape): Promise<DailyTotalsRow[]> {
  const rows = await sql<(Omit<DailyTotalsRow, 'gross'> & { g0: bigint; g1: bigint; g2: bigint; g3: bigint; g4: bigint })[]>`
    SELECT k.currency, to_char(e.at, 'YYYY-MM-DD') AS at,
           sum(k.sales_minor)::int8 AS sales_minor, sum(k.open_count)::int8 AS open_count,
           sum(k.overdue_count)::int8 AS overdue_count, sum(k.gross_current)::int8 AS g0, sum(k.gross_1_30)::int8 AS g1,
           sum(k.gross_31_60)::int8 AS g2, sum(k.gross_61_90)::int8 AS g3, sum(k.gross_91_plus)::int8 AS g4,
           sum(k.paid_count)::int8 AS paid_count, sum(k.paid_days_to_pay)::int8 AS paid_days_to_pay,
           sum(k.paid_days_late)::int8 AS paid_days_late, sum(k.paid_on_time)::int8 AS paid_on_time
    FROM unnest(${dates as string[]}::date[]) AS e(at)
    JOIN ${dailyTable(sql, shape)} ON k.day <= e.at ${dailyScope(sql, shape)}
    -- By the date itself: formatting it in the grouping key would cost a to_char per row.
    GROUP BY k.currency, e.at`;
  return rows.map(({ g0, g1, g2, g3, g4, ...r }) => ({ ...r, gross: [g0, g1, g2, g3, g4] }));
}

/** Sales per currency and issue day in (after, through], from the daily rollup. */
export async function dailySales(sql: Sql, after: string, through: string, shape: KpiShape): Promise<{ currency: string; on: string; sales: bigint }[]> {
  return sql<{ currency: string; on: string; sales: bigint }[]>`
    SELECT k.currency, to_char(k.day, 'YYYY-MM-DD') AS on, k.sales_minor AS sales
    FROM ${dailyTable(sql, shape)}
    WHERE k.day > ${after}::date AND k.day <= ${through}::date AND k.sales_minor <> 0 ${dailyScope(sql, shape)}`;
}

/**
 * What the daily rollup's gross amounts overstate at each date: money applied (on or before the date) to invoices
 * still open at it, by aging bucket (0: current … 4: 91+). Only invoices paid in part before being settled
 * can have any; a partial index holds just those.
 */
export async function appliedWhileOpen(sql: Sql, dates: readonly string[], shape: KpiShape): Promise<{ currency: string; at: string; bucket: number; applied: bigint }[]> {
  const first = [...dates].sort()[0]!;
  const e = sql`e.at`;
  return sql<{ currency: string; at: string; bucket: number; applied: bigint }[]>`
    SELECT i.currency, to_char(e.at, 'YYYY-MM-DD') AS at,
           CASE WHEN e.at - i.due_date <= 0 THEN 0 WHEN e.at - i.due_date <= 30 THEN 1 WHEN e.at - i.due_date <= 60 THEN 2
                WHEN e.at - i.due_date <= 90 THEN 3 ELSE 4 END AS bucket,
           sum(${appliedThrough(sql, e)})::int8 AS applied
    FROM invoice_settlements i ${customerJoin(sql, shape)}
    JOIN unnest(${dates as string[]}::date[]) AS e(at)
      ON i.issue_date <= e.at AND coalesce(i.settled_on, 'infinity'::date) > e.at AND i.first_applied_on <= e.at
    WHERE i.part_applied
      AND coalesce(i.settled_on, 'infinity'::date) > ${first}::date ${scopeFilter(sql, shape)}
    GROUP BY i.currency, e.at, 3`;
}
