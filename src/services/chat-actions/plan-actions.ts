import { formatMoney } from '../../domain/money.js';
import { isFinanceApprover } from '../../domain/rights/chat-rights.js';
import { subject, type SubjectRef } from '../../domain/subject.js';
import type { ChatViews } from '../../ports/chat-views.js';
import type { PlanCustomer } from '../../ports/payment-plans.js';
import type { PlanNotice } from '../../views/alert-view.js';
import type { PlanFormAnswers, PlanOfferFacts } from '../../views/plan-offer-view.js';
import { decidePaymentPlan, noteBrokenPlan, offerPaymentPlan, type PlanDeps, type PlanResult, type ScheduleInput } from '../payment-plans.js';
import { refused, refuseUnlessAllowed, type ActionResult, type Actor } from './action-result.js';

// The payment plans' chat buttons (issue 20): each resolves its card to the plan, then calls the plans' service
// (src/services/payment-plans.ts), which checks the rights and the policy's bounds and states them when it refuses.

const unavailable = refused('unavailable', 'this arbot process does not handle payment plans (it sends no email): ask from the server\'s chat');
const gone = refused('not_found', 'this payment plan card is out of date: the alert no longer exists');

function actionResult(r: PlanResult, refresh: readonly SubjectRef[]): ActionResult {
  return r.ok ? { ok: true, refresh, thread: r.thread, ...(r.status === 'requested' ? { pending: true } : {}) } : refused(r.code, r.message);
}

/** The plan a plan_request or plan_broken card is about, as it shows now. */
async function planOfAlert(views: ChatViews, alertId: bigint, event: 'requested' | 'broken', now: Date): Promise<PlanNotice | null> {
  const v = await views.subjectView(subject('alert', alertId), now);
  return v?.kind === 'payment_plan' && v.plan.event === event ? v.plan : null;
}

const closed = (p: PlanNotice) => p.outcome?.what === 'resumed' || p.outcome?.what === 'replanned';

const schedule = (a: PlanFormAnswers): ScheduleInput => ({
  count: a.count, firstDate: a.firstDate, interval: a.interval === 'monthly' ? { monthly: true } : { everyDays: 14 },
});

/** Approve (no reason) or refuse (a reason, required) a requested plan from its card. */
export async function decidePlanFromChat(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, alertId: bigint, decision: 'approve' | 'refuse', reason: string, now: Date,
): Promise<ActionResult> {
  if (!plans) return unavailable;
  const plan = await planOfAlert(views, alertId, 'requested', now);
  if (!plan) return gone;
  const r = await decidePaymentPlan(plans, actor, BigInt(plan.planId), decision === 'approve' ? { decision } : { decision, reason }, now);
  return actionResult(r, [subject('alert', alertId)]);
}

/** Before the refusal form opens: only who may decide types a reason. */
export async function refuseToDecidePlan(plans: PlanDeps | undefined, views: ChatViews, actor: Actor, alertId: bigint, now: Date): Promise<ActionResult | PlanNotice> {
  if (!plans) return unavailable;
  const notice = await planOfAlert(views, alertId, 'requested', now);
  const plan = notice ? await plans.store.plan(BigInt(notice.planId)) : null;
  if (!notice || !plan) return gone;
  const denied = refuseUnlessAllowed(actor, 'decide_plan', plan.customer.parties);
  if (denied) return denied;
  if (plan.needsFinanceApprover && !isFinanceApprover(actor)) {
    return refused('not_allowed', `only a finance approver can decide this payment plan: ${notice.total} is above the approval amount`);
  }
  if (plan.status !== 'requested') return refused('already_decided', `this payment plan is already ${plan.status}`);
  return notice;
}

/** "Call done" or "Resume normal reminders" on a broken plan's card (noted in the audit trail; the cadence resumed at the break). */
export async function followBrokenPlan(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, alertId: bigint, what: 'call_done' | 'resume_reminders', now: Date,
): Promise<ActionResult> {
  if (!plans) return unavailable;
  const plan = await planOfAlert(views, alertId, 'broken', now);
  if (!plan) return gone;
  if (closed(plan)) return refused('already_decided', `${plan.outcome!.by} already ${plan.outcome!.what === 'resumed' ? 'let the normal reminders resume' : 'offered a new plan'}`);
  return actionResult(await noteBrokenPlan(plans, actor, BigInt(plan.planId), what), [subject('alert', alertId)]);
}

/** What the offer form covers: every invoice of the customer still owing in the currency. */
async function offerFacts(plans: PlanDeps, customer: PlanCustomer, currency: string, now: Date): Promise<{ facts: PlanOfferFacts; ids: bigint[] } | null> {
  const ids = await plans.store.openInvoiceIds(customer.customerId, currency, now);
  const found = ids.length === 0 ? null : await plans.store.planInvoices(ids, now);
  if (!found) return null;
  const owed = found.invoices.reduce((s, i) => s + i.remainingMinor, 0n);
  const policy = await plans.store.loadPolicy();
  return {
    ids,
    facts: {
      customerName: customer.name, currency, owed: formatMoney(owed, currency, 'en'), invoiceNumbers: found.invoices.map((i) => i.number),
      maxInstalments: policy.maxInstalments, today: found.today,
    },
  };
}

/** The invoice card's customer and currency, and who may offer. */
async function invoiceOffer(plans: PlanDeps, actor: Actor, invoiceId: bigint, now: Date): Promise<ActionResult | { facts: PlanOfferFacts; ids: bigint[]; planId: null }> {
  const invoice = await plans.store.planInvoices([invoiceId], now);
  if (!invoice) return refused('not_found', 'this invoice no longer exists');
  const denied = refuseUnlessAllowed(actor, 'offer_plan', invoice.customer.parties);
  if (denied) return denied;
  const o = await offerFacts(plans, invoice.customer, invoice.invoices[0]!.currency, now);
  return o ? { ...o, planId: null } : refused('not_owed', `${invoice.customer.name} owes nothing in ${invoice.invoices[0]!.currency}`);
}

/** The broken plan's customer and currency, and who may re-plan. */
async function replanOffer(
  plans: PlanDeps, views: ChatViews, actor: Actor, alertId: bigint, now: Date,
): Promise<ActionResult | { facts: PlanOfferFacts; ids: bigint[]; planId: bigint }> {
  const notice = await planOfAlert(views, alertId, 'broken', now);
  const plan = notice ? await plans.store.plan(BigInt(notice.planId)) : null;
  if (!notice || !plan) return gone;
  if (closed(notice)) return refused('already_decided', `${notice.outcome!.by} already ${notice.outcome!.what === 'resumed' ? 'let the normal reminders resume' : 'offered a new plan'}`);
  const denied = refuseUnlessAllowed(actor, 'offer_plan', plan.customer.parties);
  if (denied) return denied;
  const o = await offerFacts(plans, plan.customer, plan.currency, now);
  return o ? { ...o, planId: plan.id } : refused('not_owed', `${plan.customer.name} owes nothing in ${plan.currency} any more`);
}

const isResult = (x: object): x is ActionResult => 'ok' in x;

/** Before the offer or re-plan form opens: who may offer, and what the plan would cover. */
export async function planOfferForm(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, form: 'offer_plan' | 'replan', id: bigint, now: Date,
): Promise<ActionResult | PlanOfferFacts> {
  if (!plans) return unavailable;
  const o = form === 'offer_plan' ? await invoiceOffer(plans, actor, id, now) : await replanOffer(plans, views, actor, id, now);
  return isResult(o) ? o : o.facts;
}

/**
 * "Offer a payment plan" (an invoice card: every open invoice of its customer in its currency) or "Re-plan" (a
 * broken plan's card: the same, replacing the broken plan). Within the policy and the person's rights it starts at
 * once; above the approval amount it waits for a finance approver (a plan_request card).
 */
export async function offerPlanFromChat(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, from: { invoiceId: bigint } | { alertId: bigint }, answers: PlanFormAnswers, now: Date,
): Promise<ActionResult> {
  if (!plans) return unavailable;
  const o = 'invoiceId' in from ? await invoiceOffer(plans, actor, from.invoiceId, now) : await replanOffer(plans, views, actor, from.alertId, now);
  if (isResult(o)) return o;
  const r = await offerPaymentPlan(plans, actor, { invoiceIds: o.ids, schedule: schedule(answers), replacesId: o.planId }, now);
  const refresh = 'invoiceId' in from ? o.ids.map((i) => subject('invoice', i)) : [subject('alert', from.alertId), ...o.ids.map((i) => subject('invoice', i))];
  return actionResult(r, refresh);
}
