import type postgres from 'postgres';
import type { PlanFacts, PlanOrigin, PlanStatus } from '../../src/domain/plans/plan-facts.js';
import type { Sql } from './connect.js';
import { remainingOn } from './settlement-sql.js';

interface FactsRow {
  id: bigint; customer_id: bigint; name: string; external_id: string; currency: string; status: PlanStatus; origin: PlanOrigin;
  total_minor: bigint; needs_finance_approver: boolean; started: boolean; on_date: string; remaining: bigint; created_on: string;
  ended_at: Date | null; instalments: { due_date: string; amount_minor: string }[];
}

/**
 * Payment plans (alias `p`, customer `c`) matching `where`, made by `now`, as of `now`: what their invoices received
 * since the plan was made, measured on the customer's today, or on the day the plan ended (in the customer's zone) for
 * one that ended by `now`. The plan tick measures an active plan the same way (payment-plans.ts activePlans).
 * Ordered by plan id.
 */
export async function loadPlanFacts(sql: Sql, where: postgres.Fragment, now: Date): Promise<PlanFacts[]> {
  const rows = await sql<FactsRow[]>`
    SELECT p.id, p.customer_id, c.name, c.external_id, p.currency::text AS currency, p.status, p.origin, p.total_minor,
           p.needs_finance_approver, p.started_at IS NOT NULL AND p.started_at <= ${now} AS started, asof.on_date::text AS on_date,
           (p.created_at AT TIME ZONE c.timezone)::date::text AS created_on,
           CASE WHEN p.ended_at <= ${now} THEN p.ended_at END AS ended_at,
           (SELECT coalesce(sum(${remainingOn(sql, sql`asof.on_date`)}), 0)::int8
              FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = p.id) AS remaining,
           (SELECT jsonb_agg(jsonb_build_object('due_date', t.due_date::text, 'amount_minor', t.amount_minor::text) ORDER BY t.instalment_no)
              FROM plan_instalments t WHERE t.plan_id = p.id) AS instalments
    FROM payment_plans p JOIN customers c ON c.id = p.customer_id
    CROSS JOIN LATERAL (SELECT (least(coalesce(p.ended_at, ${now}::timestamptz), ${now}::timestamptz) AT TIME ZONE c.timezone)::date AS on_date) asof
    WHERE p.created_at <= ${now} AND ${where}
    ORDER BY p.id`;
  return rows.map((r): PlanFacts => {
    const paid = r.total_minor - r.remaining;
    return {
      planId: r.id, customerId: r.customer_id, customerName: r.name, customerExternalId: r.external_id, currency: r.currency.trim(),
      // A plan ended after `now` was still what it was before: a request (or a proposal), or active.
      status: r.ended_at === null && r.status !== 'requested' && r.status !== 'proposed' ? (r.started ? 'active' : 'requested') : r.status,
      origin: r.origin, totalMinor: r.total_minor, needsFinanceApprover: r.needs_finance_approver,
      instalments: (r.instalments ?? []).map((t) => ({ dueDate: t.due_date, amountMinor: BigInt(t.amount_minor) })),
      started: r.started, onDate: r.on_date, paidMinor: paid > 0n ? paid : 0n, createdOn: r.created_on, endedAt: r.ended_at,
    };
  });
}
