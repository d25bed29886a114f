import type { DisputeTotals } from '../../src/domain/kpi/disputed-receivables.js';
import type { Sql } from './connect.js';
import { customerJoin, dateParam, groupKey, openAt, remainingAt, scopeFilter, type KpiShape } from './kpi-scope.js';

export interface DisputeRow {
  readonly grp: string;
  readonly currency: string;
  readonly totals: DisputeTotals;
}

/**
 * Disputed invoices at `date`: open invoices with a dispute opened on or before it and not closed on or before
 * it, dates being the calendar dates of opened_at/closed_at in the company's time zone.
 */
export async function disputeTotalsAt(sql: Sql, date: string, zone: string, shape: KpiShape): Promise<DisputeRow[]> {
  const d = dateParam(sql, date);
  const rows = await sql<{
    grp: string; currency: string; disputed_count: bigint; disputed_amount: bigint; open_disputes: bigint; age_days: bigint;
  }[]>`
    WITH open_disputes AS (
      SELECT x.invoice_id, count(*)::int8 AS n, sum(${d} - x.opened_on)::int8 AS age_days
      FROM (
        SELECT invoice_id, (opened_at AT TIME ZONE ${zone})::date AS opened_on,
               (closed_at AT TIME ZONE ${zone})::date AS closed_on
        FROM disputes
        -- Whatever the zone (offsets stay within a day of UTC), a dispute whose local opening date is on or
        -- before D opened before D + 2 days UTC, and one closed after D closed after D UTC: cheap bounds first.
        WHERE opened_at < (${d} + 2)::timestamp AT TIME ZONE 'UTC'
          AND (closed_at IS NULL OR closed_at >= ${d}::timestamp AT TIME ZONE 'UTC')
      ) x
      WHERE x.opened_on <= ${d} AND (x.closed_on IS NULL OR x.closed_on > ${d})
      GROUP BY x.invoice_id
    )
    SELECT ${groupKey(sql, shape)} AS grp, i.currency,
           count(*)::int8 AS disputed_count, sum(${remainingAt(sql, d)})::int8 AS disputed_amount,
           sum(od.n)::int8 AS open_disputes, sum(od.age_days)::int8 AS age_days
    FROM open_disputes od
    JOIN invoice_settlements i ON i.invoice_id = od.invoice_id ${customerJoin(sql, shape)}
    WHERE ${openAt(sql, d)} ${scopeFilter(sql, shape)}
    GROUP BY 1, 2`;
  return rows.map((r) => ({
    grp: r.grp,
    currency: r.currency,
    totals: { disputedCount: r.disputed_count, disputedAmount: r.disputed_amount, openDisputes: r.open_disputes, openDisputeAgeDays: r.age_days },
  }));
}
