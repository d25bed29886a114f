import { z } from 'zod';
import type { AlertView, PlanOutcome } from '../../src/views/alert-view.js';
import { money } from './chat-views-invoices.js';
import { loadCustomerContext } from './chat-views-subjects.js';
import type { Sql } from './connect.js';
import { postgresPaymentPlanStore } from './payment-plans.js';

const planDetails = z.object({ plan_id: z.string().regex(/^[0-9]{1,19}$/) });

/**
 * The view of a plan_request or plan_broken alert: the plan as it is now (a request decided since shows its
 * status). Null when the alert names no plan or the plan no longer exists.
 */
export async function planAlertView(
  sql: Sql, alert: { id?: bigint; kind: string; customer_id: bigint | null; details: unknown }, event: 'requested' | 'broken',
): Promise<AlertView | null> {
  const d = planDetails.safeParse(alert.details);
  if (!d.success) return null;
  const store = postgresPaymentPlanStore(sql);
  const plan = await store.plan(BigInt(d.data.plan_id));
  if (!plan) return null;
  const proposal = event === 'requested' ? await store.proposal(plan.id) : null;
  const context = await loadCustomerContext(sql, { customer_id: plan.customerId, invoice_id: null, dispute_id: null, email_id: null });
  return {
    kind: 'payment_plan',
    owner: context?.sales ?? null,
    plan: {
      event, planId: plan.id.toString(), customerName: plan.customer.name, origin: plan.origin, status: plan.status,
      total: money(plan.totalMinor, plan.currency), financeApprover: plan.needsFinanceApprover,
      instalments: plan.instalments.map((i) => ({ dueDate: i.dueDate, amount: money(i.amountMinor, plan.currency) })),
      ...(alert.id === undefined ? {} : { alertId: alert.id.toString() }),
      outcome: await planOutcome(sql, plan.id, event),
      maxInstalments: (await store.loadPolicy()).maxInstalments,
      proposal: proposal === null ? null : {
        by: proposal.proposedByName, note: proposal.note, answer: proposal.answer,
        requested: proposal.requested.map((i) => ({ dueDate: i.dueDate, amount: money(i.amountMinor, plan.currency) })),
      },
    },
  };
}

const outcomeOf: Readonly<Record<string, PlanOutcome['what']>> = {
  'plan.approved': 'approved', 'plan.refused': 'refused', 'plan.call_done': 'call_done', 'plan.resume_reminders': 'resumed',
};

/**
 * What people did about the plan, from the audit trail: a request's decision; on a broken plan the re-plan or
 * "resume" that ends its buttons, else the last call noted. Names as the owners table has them.
 */
async function planOutcome(sql: Sql, planId: bigint, event: 'requested' | 'broken'): Promise<PlanOutcome | null> {
  const id = planId.toString();
  if (event === 'broken') {
    const [next] = await sql<{ who: string }[]>`
      SELECT coalesce((SELECT nullif(o.name, '') FROM owners o WHERE o.email = p.created_by LIMIT 1), p.created_by) AS who
      FROM payment_plans p WHERE p.replaces_id = ${id}::int8 AND p.status NOT IN ('refused', 'cancelled') ORDER BY p.id DESC LIMIT 1`;
    if (next) return { what: 'replanned', by: next.who };
  }
  const actions = event === 'requested' ? ['plan.approved', 'plan.refused'] : ['plan.resume_reminders', 'plan.call_done'];
  const rows = await sql<{ action: string; who: string; reason: string | null }[]>`
    SELECT a.action, coalesce((SELECT nullif(o.name, '') FROM owners o WHERE o.email = a.actor LIMIT 1), a.actor) AS who, a.details->>'reason' AS reason
    FROM audit_log a WHERE a.entity = 'payment_plan' AND a.entity_id = ${id}::int8 AND a.action = ANY(${actions}::text[])
    ORDER BY array_position(${actions}::text[], a.action), a.id DESC LIMIT 1`;
  const r = rows[0];
  return r ? { what: outcomeOf[r.action]!, by: r.who, reason: r.reason } : null;
}
