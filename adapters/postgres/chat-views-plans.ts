import { z } from 'zod';
import type { AlertView } from '../../src/views/alert-view.js';
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
  sql: Sql, alert: { kind: string; customer_id: bigint | null; details: unknown }, event: 'requested' | 'broken',
): Promise<AlertView | null> {
  const d = planDetails.safeParse(alert.details);
  if (!d.success) return null;
  const plan = await postgresPaymentPlanStore(sql).plan(BigInt(d.data.plan_id));
  if (!plan) return null;
  const context = await loadCustomerContext(sql, { customer_id: plan.customerId, invoice_id: null, dispute_id: null, email_id: null });
  return {
    kind: 'payment_plan',
    owner: context?.sales ?? null,
    plan: {
      event, planId: plan.id.toString(), customerName: plan.customer.name, origin: plan.origin, status: plan.status,
      total: money(plan.totalMinor, plan.currency), financeApprover: plan.needsFinanceApprover,
      instalments: plan.instalments.map((i) => ({ dueDate: i.dueDate, amount: money(i.amountMinor, plan.currency) })),
    },
  };
}
