import type { PortalPlanRequests } from '../ports/portal-plan-requests.js';
import { requestPaymentPlan, type PlanDeps } from '../services/payment-plans.js';

/**
 * The portal's plan requests, by the payment plan service: N monthly payments from the first date, checked against
 * the plan policy, kept as a `requested` plan with its `plan_request` approval card. The request is the customer's
 * (requestedBy: their first deliverable billing contact, else "portal"); their note, when any, goes into the plan's
 * audit trail (plan.customer_note).
 */
export function portalPlanRequests(deps: PlanDeps): PortalPlanRequests {
  return {
    async bounds() {
      const p = await deps.store.loadPolicy();
      return { maxInstalments: p.maxInstalments, maxMonths: p.maxMonths };
    },
    async request(customerId, currency, invoiceIds, plan, now) {
      const facts = await deps.store.planInvoices(invoiceIds, now);
      const requestedBy = facts?.customer.customerId === customerId ? facts.customer.emails[0] ?? 'portal' : 'portal';
      const r = await requestPaymentPlan(deps, {
        customerId, currency, invoiceIds, requestedBy,
        schedule: { count: plan.count, firstDate: plan.firstDate, interval: { monthly: true } },
      }, now);
      if (!r.ok) return { ok: false, code: r.code, facts: r.facts ?? {}, reason: r.message };
      if (plan.note !== '') await deps.store.auditPlan(r.planId, 'plan.customer_note', `customer:${requestedBy}`, { note: plan.note });
      return { ok: true };
    },
  };
}
