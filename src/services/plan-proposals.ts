import { dateInZone } from '../domain/calendar-date.js';
import { formatAmount } from '../domain/money.js';
import { isFinanceApprover, mayAct } from '../domain/rights/chat-rights.js';
import type { PlanRecord } from '../ports/payment-plans.js';
import { actorLabel, refuseNul, type Actor } from './chat-actions/action-result.js';
import { emailPlan, prepare, type PlanDeps, type PlanResult, type ScheduleInput } from './payment-plans.js';

// "Propose other dates" (issue 20): whoever may approve a customer's plan request answers it with another schedule;
// the customer is emailed it and accepts or declines it on the portal.

/** Longest note to the customer a proposal carries. */
export const proposalNoteMaxLength = 1000;

const refused = (code: string, message: string): PlanResult => ({ ok: false, code, message });
const money = (m: bigint, c: string) => `${formatAmount(m, c)} ${c}`;

/** The rule of Approve: the account manager or a finance approver; above the approval amount a finance approver only. */
export function refuseUnlessMayDecide(actor: Actor, plan: PlanRecord): PlanResult | null {
  const decision = mayAct('decide_plan', actor, plan.customer.parties);
  if (!decision.allowed) return refused(actor.ownerId === null ? 'unknown_user' : 'not_allowed', decision.message);
  if (plan.needsFinanceApprover && !isFinanceApprover(actor)) {
    return refused('not_allowed', `only a finance approver can decide this payment plan: ${money(plan.totalMinor, plan.currency)} is above the approval amount`);
  }
  if (plan.status !== 'requested') return refused('already_decided', `this payment plan is already ${plan.status}`);
  return null;
}

/**
 * An approver proposes other dates for a requested plan: the schedule covers what the plan's invoices owe today and
 * is checked against the plan policy (a refusal states the bound). The request becomes `proposed` with these
 * instalments, and the customer is emailed them with a link to the portal, where they accept or decline.
 */
export async function proposePlanDates(
  deps: PlanDeps, actor: Actor, planId: bigint, input: { schedule: ScheduleInput; note: string }, now: Date,
): Promise<PlanResult> {
  const plan = await deps.store.plan(planId);
  if (!plan) return refused('not_found', 'this payment plan no longer exists');
  const denied = refuseUnlessMayDecide(actor, plan);
  if (denied) return denied;
  const note = input.note.trim();
  if (note.length > proposalNoteMaxLength) return refused('invalid', `the note to the customer is longer than ${proposalNoteMaxLength} characters`);
  const nul = refuseNul(note);
  if (nul && !nul.ok) return refused(nul.code, nul.message);
  const p = await prepare(deps, plan.invoices.map((i) => i.invoiceId), input.schedule, now);
  if ('ok' in p) return p;
  const by = actorLabel(actor);
  const done = await deps.store.proposePlan({
    planId, by, byName: actor.name, note, invoices: p.facts.invoices, totalMinor: p.totalMinor, instalments: p.instalments, at: now,
  });
  if (!done) return refused('already_decided', 'this payment plan was decided meanwhile');
  const portal = deps.portalUrl ? await deps.portalUrl(plan.customerId, now) : null;
  // The plan section of the page, where the proposal is accepted or declined.
  const portalUrl = portal === null ? null : `${portal}#plan-proposal`;
  await emailPlan(deps, planId, 'plan_proposed', 0, now, undefined, { note, portalUrl });
  const n = p.instalments.length;
  return {
    ok: true, planId, status: 'proposed',
    thread: `${actor.name} proposed other dates: ${money(p.totalMinor, p.currency)} in ${n} instalment${n > 1 ? 's' : ''} from ${p.instalments[0]!.dueDate}; the customer is emailed and answers on the portal`,
  };
}

/**
 * The customer's answer on the portal to a proposal on one of their own plans: accepted, the plan is active from
 * now exactly as an approved one (reminders held, instalment reminders, the schedule emailed); declined, the
 * request is closed. A plan of another customer, or one no longer proposed, is refused and nothing changes. A
 * proposal whose first instalment is no longer after the customer's today cannot be accepted.
 */
export async function answerPlanProposal(
  deps: PlanDeps, customerId: bigint, planId: bigint, answer: 'accepted' | 'declined', now: Date,
): Promise<PlanResult> {
  const plan = await deps.store.plan(planId);
  if (!plan || plan.customerId !== customerId) return refused('not_found', 'this payment plan proposal is not yours or no longer exists');
  if (plan.status !== 'proposed') return refused('already_decided', `this payment plan is already ${plan.status}`);
  const first = plan.instalments[0];
  if (answer === 'accepted' && first && first.dueDate <= dateInZone(now, plan.customer.timezone)) {
    return refused('expired', `the first payment of this proposal (${first.dueDate}) has passed: please ask us for new dates`);
  }
  const by = `customer:${plan.customer.emails[0] ?? 'portal'}`;
  if (!(await deps.store.answerProposal(planId, customerId, answer, by, now))) return refused('already_decided', 'this payment plan was answered meanwhile');
  if (answer === 'declined') {
    return { ok: true, planId, status: 'declined', thread: `${plan.customer.name} declined the proposed dates on the portal: the request is closed` };
  }
  await emailPlan(deps, planId, 'plan_approved', 0, now);
  return { ok: true, planId, status: 'active', thread: `${plan.customer.name} accepted the proposed dates on the portal: the plan is active` };
}
