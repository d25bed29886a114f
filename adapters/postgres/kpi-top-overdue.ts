import type { KpiScope, OverdueCustomerTotals } from '../../src/ports/kpi-store.js';
import type { Sql } from './connect.js';
import { customerJoin, dateParam, openAt, remainingAt, scopeFilter } from './kpi-scope.js';

/**
 * The customers owing the most overdue money at D, `limit` per currency: overdue as the KPIs define it (open at D
 * with a due date before D), remaining as of D. Reads the open invoices through the settlement summary only.
 */
export async function topOverdueAt(sql: Sql, asOf: string, scope: KpiScope, limit: number): Promise<OverdueCustomerTotals[]> {
  const d = dateParam(sql, asOf);
  // The customer is joined only for a segment filter: every settlement row has one, and names come last.
  const shape = { scope };
  const rows = await sql<{ name: string; currency: string; amount: bigint; days: number }[]>`
    WITH per_customer AS (
      SELECT i.customer_id, i.currency, sum(${remainingAt(sql, d)})::int8 AS amount, max(${d} - i.due_date)::int AS days
      FROM invoice_settlements i ${customerJoin(sql, shape)}
      WHERE ${openAt(sql, d)} AND i.due_date < ${d} ${scopeFilter(sql, shape)}
      GROUP BY i.customer_id, i.currency
    ), ranked AS (
      SELECT *, row_number() OVER (PARTITION BY currency ORDER BY amount DESC, customer_id) AS rank
      FROM per_customer WHERE amount > 0
    )
    SELECT c.name, r.currency::text AS currency, r.amount, r.days
    FROM ranked r JOIN customers c ON c.id = r.customer_id
    WHERE r.rank <= ${limit}
    ORDER BY r.currency, r.rank`;
  return rows.map((r) => ({ customerName: r.name, currency: r.currency, amountMinor: r.amount, daysOverdue: r.days }));
}
