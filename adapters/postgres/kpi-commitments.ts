import type { CommitmentTotals } from '../../src/domain/kpi/commitments.js';
import type { Sql } from './connect.js';
import { customerJoin, dateParam, groupKey, openAt, remainingAt, scopeFilter, type KpiShape } from './kpi-scope.js';

/**
 * The amounts in payment plans and promised at `asOf` per group and currency (definitions in
 * src/domain/kpi/commitments.ts; the in-memory twin is test/support/kpi-oracle/commitments.ts). Plans and promises
 * are dated in the company's zone. Only invoices with a plan or a promise are read.
 */
export async function commitmentTotals(sql: Sql, asOf: string, zone: string, shape: KpiShape): Promise<{ grp: string; currency: string; totals: CommitmentTotals }[]> {
  const d = dateParam(sql, asOf);
  const local = (col: string) => sql`(${sql.unsafe(col)} AT TIME ZONE ${zone})::date`;
  const rows = await sql<{ grp: string; currency: string; in_plan: bigint; promised: bigint }[]>`
    SELECT grp, currency,
           coalesce(sum(rem) FILTER (WHERE in_plan), 0)::int8 AS in_plan,
           coalesce(sum(least(coalesce(promise_amount, rem), rem)) FILTER (WHERE promised), 0)::int8 AS promised
    FROM (
      SELECT ${groupKey(sql, shape)} AS grp, i.currency, ${remainingAt(sql, d)} AS rem,
             EXISTS (SELECT 1 FROM plan_invoices pi JOIN payment_plans pp ON pp.id = pi.plan_id
                      WHERE pi.invoice_id = i.invoice_id AND pp.status IN ('active', 'completed', 'broken')
                        AND ${local('pp.started_at')} <= ${d} AND (pp.ended_at IS NULL OR ${local('pp.ended_at')} > ${d})) AS in_plan,
             pr.invoice_id IS NOT NULL AS promised, pr.amount_minor AS promise_amount
      FROM invoice_settlements i ${customerJoin(sql, shape)}
      LEFT JOIN LATERAL (
        SELECT p.invoice_id, p.amount_minor FROM promises_to_pay p
        WHERE p.invoice_id = i.invoice_id AND ${local('p.created_at')} <= ${d} AND (p.resolved_at IS NULL OR ${local('p.resolved_at')} > ${d})
        ORDER BY p.created_at DESC, p.id DESC LIMIT 1) pr ON true
      WHERE ${openAt(sql, d)} ${scopeFilter(sql, shape)}
        AND (i.invoice_id IN (SELECT invoice_id FROM plan_invoices) OR i.invoice_id IN (SELECT invoice_id FROM promises_to_pay))
    ) x
    GROUP BY grp, currency`;
  return rows.map((r) => ({ grp: r.grp, currency: r.currency.trim(), totals: { inPaymentPlan: r.in_plan, promised: r.promised } }));
}
