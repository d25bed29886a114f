import { customerPlan, customerPlansEndedDays, customerPlansShown, homePlans, type CustomerPlan, type HomePlans } from '../../src/views/plan-view.js';
import { companyToday } from './chat-views-invoices.js';
import type { Sql } from './connect.js';
import { loadPlanFacts } from './plan-facts.js';

const dayMs = 24 * 3600_000;

/** `/ar`'s payment plans of one customer as of `now`: open ones first, then those ended lately; newest first in each. */
export async function loadCustomerPlans(sql: Sql, customerId: bigint, now: Date): Promise<CustomerPlan[]> {
  const since = new Date(now.getTime() - customerPlansEndedDays * dayMs);
  const facts = await loadPlanFacts(sql, sql`p.customer_id = ${customerId.toString()}::int8 AND (p.ended_at IS NULL OR p.ended_at > ${since})`, now);
  const open = (s: string) => (s === 'requested' || s === 'proposed' || s === 'active' ? 0 : 1);
  return facts.sort((a, b) => open(a.status) - open(b.status) || (a.planId > b.planId ? -1 : 1)).slice(0, customerPlansShown).map(customerPlan);
}

/**
 * The App Home's payment plans of one owner as of `now` (the company's today in `zone`): the requests they may decide
 * (decide_plan in src/domain/rights/chat-rights.ts: the account manager, unless the plan needs a finance approver; a
 * finance approver, every one), the broken plans of the customers they own that nobody followed up yet (no new plan,
 * no "resume normal reminders"), and the instalments of those customers' active plans due in the coming days.
 */
export async function loadHomePlans(sql: Sql, ownerId: bigint, now: Date, zone: string): Promise<HomePlans> {
  const me = ownerId.toString();
  const mine = sql`(c.sales_owner_id = ${me}::int8 OR c.delivery_owner_id = ${me}::int8)`;
  const requests = await loadPlanFacts(sql, sql`
    (p.started_at IS NULL OR p.started_at > ${now}) AND (p.ended_at IS NULL OR p.ended_at > ${now})
    -- Other dates proposed: the customer decides now, not the viewer.
    AND p.status <> 'proposed'
    AND ((c.sales_owner_id = ${me}::int8 AND NOT p.needs_finance_approver)
         OR EXISTS (SELECT 1 FROM owners o WHERE o.id = ${me}::int8 AND o.approver AND o.team = 'finance'))`, now);
  const broken = await loadPlanFacts(sql, sql`
    p.status = 'broken' AND p.ended_at <= ${now} AND ${mine}
    AND NOT EXISTS (SELECT 1 FROM payment_plans n WHERE n.replaces_id = p.id AND n.status NOT IN ('refused', 'cancelled') AND n.created_at <= ${now})
    -- The audit row is stamped by the database's clock, not an as-of instant: once written, the follow-up counts.
    AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'payment_plan' AND a.entity_id = p.id AND a.action = 'plan.resume_reminders')`, now);
  const active = await loadPlanFacts(sql, sql`p.started_at <= ${now} AND (p.ended_at IS NULL OR p.ended_at > ${now}) AND ${mine}`, now);
  return homePlans(companyToday(now, zone), { requests, broken, active }, {
    requests: await planAlerts(sql, 'plan_request', requests.map((f) => f.planId), now),
    broken: await planAlerts(sql, 'plan_broken', broken.map((f) => f.planId), now),
  });
}

/** The alerts (their ids) of the plans' cards, by plan id: raised once per plan (dedupe key "<kind>:<plan id>"). */
async function planAlerts(sql: Sql, kind: 'plan_request' | 'plan_broken', planIds: readonly bigint[], now: Date): Promise<Map<string, string>> {
  if (planIds.length === 0) return new Map();
  const rows = await sql<{ id: string; plan_id: string }[]>`
    SELECT id::text, details->>'plan_id' AS plan_id FROM alerts
    WHERE kind = ${kind} AND dedupe_key = ANY(${planIds.map((p) => `${kind}:${p}`)}::text[]) AND raised_at <= ${now}`;
  return new Map(rows.map((r) => [r.plan_id, r.id]));
}
