import { formatMoney } from '../../domain/money.js';
import { subject } from '../../domain/subject.js';
import type { ChatViews } from '../../ports/chat-views.js';
import type { PlanNotice } from '../../views/alert-view.js';
import type { PlanFormAnswers, PlanOfferFacts } from '../../views/plan-offer-view.js';
import type { PlanDeps } from '../payment-plans.js';
import { proposePlanDates, refuseUnlessMayDecide } from '../plan-proposals.js';
import { refused, type ActionResult, type Actor } from './action-result.js';

// "Propose other dates" on a plan request's card (issue 20): the form opens only for whoever may approve the plan,
// and its submission goes to the proposal service (src/services/plan-proposals.ts), which checks again.

const unavailable = refused('unavailable', 'this arbot process does not handle payment plans (it sends no email): ask from the server\'s chat');
const gone = refused('not_found', 'this payment plan card is out of date: the alert no longer exists');

async function requestOfAlert(views: ChatViews, alertId: bigint, now: Date): Promise<PlanNotice | null> {
  const v = await views.subjectView(subject('alert', alertId), now);
  return v?.kind === 'payment_plan' && v.plan.event === 'requested' ? v.plan : null;
}

/** Before the form opens: who may decide, a request still undecided, and what the plan covers today. */
export async function proposePlanForm(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, alertId: bigint, now: Date,
): Promise<ActionResult | { plan: PlanNotice; offer: PlanOfferFacts }> {
  if (!plans) return unavailable;
  const notice = await requestOfAlert(views, alertId, now);
  const plan = notice ? await plans.store.plan(BigInt(notice.planId)) : null;
  if (!notice || !plan) return gone;
  const denied = refuseUnlessMayDecide(actor, plan);
  if (denied && !denied.ok) return refused(denied.code, denied.message);
  const found = await plans.store.planInvoices(plan.invoices.map((i) => i.invoiceId), now);
  if (!found) return refused('not_found', 'an invoice of this plan no longer exists');
  const owed = found.invoices.reduce((s, i) => s + i.remainingMinor, 0n);
  const policy = await plans.store.loadPolicy();
  return {
    plan: notice,
    offer: {
      customerName: plan.customer.name, currency: plan.currency, owed: formatMoney(owed, plan.currency, 'en'),
      invoiceNumbers: found.invoices.map((i) => i.number), maxInstalments: policy.maxInstalments, today: found.today,
    },
  };
}

const schedule = (a: PlanFormAnswers) => ({
  count: a.count, firstDate: a.firstDate, interval: a.interval === 'monthly' ? { monthly: true as const } : { everyDays: 14 },
});

/** The form's submission: the proposal, checked against the rights and the plan policy; the card shows it. */
export async function proposePlanFromChat(
  plans: PlanDeps | undefined, views: ChatViews, actor: Actor, alertId: bigint, answers: PlanFormAnswers, note: string, now: Date,
): Promise<ActionResult> {
  if (!plans) return unavailable;
  const notice = await requestOfAlert(views, alertId, now);
  if (!notice) return gone;
  const r = await proposePlanDates(plans, actor, BigInt(notice.planId), { schedule: schedule(answers), note }, now);
  return r.ok ? { ok: true, refresh: [subject('alert', alertId)], thread: r.thread } : refused(r.code, r.message);
}
