import { dateInZone, isCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { isBusinessDay } from '../domain/cadence/business-days.js';
import { localInstant } from '../domain/cadence/due-reminder-step.js';
import { formatAmount } from '../domain/money.js';
import { buildHowToPay, type PaymentDetailsInForce } from '../domain/payment-methods/how-to-pay.js';
import { needsFinanceApprover } from '../domain/plans/plan-policy.js';
import { dueInstalmentReminders, instalmentProgress, planState } from '../domain/plans/plan-progress.js';
import { splitEvenly, type Instalment, type PlanInterval } from '../domain/plans/plan-schedule.js';
import { validatePlan, type PlanRefusalFacts } from '../domain/plans/validate-plan.js';
import { isFinanceApprover, mayAct } from '../domain/rights/chat-rights.js';
import type { EmailSender } from '../ports/email-sender.js';
import type { PaymentPlanStore, PlanEmailFacts, PlanEmailKind, PlanEmailOutcome, PlanRecord, RenderPlanEmail } from '../ports/payment-plans.js';
import { actorLabel, refuseNul, type Actor } from './chat-actions/action-result.js';

export interface PlanSettings {
  /** An instalment unpaid this many days after its date breaks the plan (PLAN_GRACE_DAYS). */
  readonly graceDays: number;
  /** The "due soon" reminder goes this many business days before an instalment (PLAN_REMINDER_DAYS). */
  readonly reminderDays: number;
  /** Plan emails go out on the customer's business days from this hour… */
  readonly sendHour: number;
  /** …until this hour (exclusive). */
  readonly sendUntil: number;
  readonly from: { readonly email: string; readonly name: string };
}

export interface PlanDeps {
  readonly store: PaymentPlanStore;
  readonly sender: EmailSender;
  /** Writes the plan emails in the customer's language (blocks/email/plan-email.ts). */
  readonly render: RenderPlanEmail;
  readonly settings: PlanSettings;
  /** Holidays by country code, '*' company-wide; none when absent. */
  readonly holidays?: ReadonlySet<CalendarDate>;
  /** The customer's portal link (signed with their current key version), linked from every plan email; null: none. */
  readonly portalUrl?: (customerId: bigint, now: Date) => Promise<string | null>;
  /** The company's bank details in force, for "How to pay" in plan emails (as in reminders); none when absent. */
  readonly payments?: {
    readonly detailsOf: () => Promise<(currency: string) => PaymentDetailsInForce | null>;
    /** BANK_CHANGE_NOTICE_DAYS: how long emails say that the details changed. */
    readonly noticeDays: number;
  };
}

/** The schedule asked for: N even instalments from a first date, or each instalment given. */
export type ScheduleInput =
  | { readonly count: number; readonly firstDate: string; readonly interval: PlanInterval }
  | { readonly instalments: readonly Instalment[] };

export type PlanResult =
  | { readonly ok: true; readonly planId: bigint; readonly status: 'requested' | 'proposed' | 'active' | 'declined'; readonly thread: string }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly facts?: PlanRefusalFacts };

const refused = (code: string, message: string, facts?: PlanRefusalFacts): PlanResult => ({ ok: false, code, message, ...(facts ? { facts } : {}) });

function scheduleOf(input: ScheduleInput, totalMinor: bigint): Instalment[] | string {
  if ('instalments' in input) return [...input.instalments];
  if (!Number.isInteger(input.count) || input.count < 1) return 'the number of instalments must be a whole number, at least 1';
  if (!isCalendarDate(input.firstDate)) return 'pick the date of the first instalment';
  if ('everyDays' in input.interval && (!Number.isInteger(input.interval.everyDays) || input.interval.everyDays < 1)) {
    return 'instalments must be at least 1 day apart';
  }
  if (BigInt(input.count) > totalMinor) return `${input.count} instalments cannot split what is owed`;
  return splitEvenly(totalMinor, input.count, input.firstDate, input.interval);
}

export interface Prepared {
  readonly facts: NonNullable<Awaited<ReturnType<PaymentPlanStore['planInvoices']>>>;
  readonly instalments: Instalment[];
  readonly totalMinor: bigint;
  readonly currency: string;
  readonly financeNeeded: boolean;
}

/** Reads the invoices, builds the schedule and checks it against the plan policy (each refusal states its bound). */
export async function prepare(deps: PlanDeps, invoiceIds: readonly bigint[], schedule: ScheduleInput, now: Date): Promise<Prepared | PlanResult> {
  const facts = await deps.store.planInvoices(invoiceIds, now);
  if (!facts) return refused('not_found', invoiceIds.length === 0 ? 'choose at least one invoice' : 'an invoice of this plan no longer exists');
  const owed = facts.invoices.reduce((s, i) => s + i.remainingMinor, 0n);
  const instalments = scheduleOf(schedule, owed > 0n ? owed : 1n);
  if (typeof instalments === 'string') return refused('invalid', instalments);
  const policy = await deps.store.loadPolicy();
  const check = validatePlan(facts.invoices, instalments, facts.today, policy);
  if (!check.ok) return refused(check.code, check.message, check.facts);
  return { facts, instalments, totalMinor: check.totalMinor, currency: check.currency, financeNeeded: needsFinanceApprover(check.totalMinor, check.currency, policy) };
}

const money = (m: bigint, c: string) => `${formatAmount(m, c)} ${c}`;

/**
 * An owner offers a payment plan in chat (the "Offer a payment plan" form, or "Re-plan" on a broken plan). The
 * customer's owners and finance may; within the policy it starts at once (and the customer is emailed the schedule)
 * unless its total needs a finance approver and the person is not one: then it waits on an approval card.
 */
export async function offerPaymentPlan(
  deps: PlanDeps, actor: Actor, input: { invoiceIds: readonly bigint[]; schedule: ScheduleInput; replacesId?: bigint | null }, now: Date,
): Promise<PlanResult> {
  const p = await prepare(deps, input.invoiceIds, input.schedule, now);
  if ('ok' in p) return p;
  const decision = mayAct('offer_plan', actor, p.facts.customer.parties);
  if (!decision.allowed) return refused(actor.ownerId === null ? 'unknown_user' : 'not_allowed', decision.message);
  const waits = p.financeNeeded && !isFinanceApprover(actor);
  const by = actorLabel(actor);
  const r = await deps.store.createPlan({
    customerId: p.facts.customer.customerId, currency: p.currency, origin: 'owner', status: waits ? 'requested' : 'active',
    totalMinor: p.totalMinor, needsFinanceApprover: p.financeNeeded, createdBy: by, approvedBy: waits ? null : by,
    replacesId: input.replacesId ?? null, invoices: p.facts.invoices, instalments: p.instalments, at: now,
  });
  if ('conflictPlanId' in r) return refused('already_in_plan', `invoice ${r.invoiceNumber} is already in payment plan ${r.conflictPlanId}`);
  const what = `a payment plan of ${money(p.totalMinor, p.currency)} in ${p.instalments.length} instalment${p.instalments.length > 1 ? 's' : ''}`;
  if (waits) {
    await deps.store.raisePlanRequest(r.id, now);
    return { ok: true, planId: r.id, status: 'requested', thread: `${actor.name} proposed ${what}; it waits for a finance approver (above the approval amount)` };
  }
  await emailPlan(deps, r.id, 'plan_approved', 0, now);
  return { ok: true, planId: r.id, status: 'active', thread: `${actor.name} set up ${what}` };
}

/**
 * The customer asks for a payment plan on the portal: checked against the same bounds, then kept as a request and
 * shown as an approval card (alert plan_request) to the account manager and finance. `invoiceIds` empty: every
 * invoice of the customer that owes money in `currency`.
 */
export async function requestPaymentPlan(
  deps: PlanDeps, input: { customerId: bigint; currency: string; invoiceIds: readonly bigint[]; schedule: ScheduleInput; requestedBy: string }, now: Date,
): Promise<PlanResult> {
  const nul = refuseNul(input.requestedBy);
  if (nul && !nul.ok) return refused(nul.code, nul.message);
  const ids = input.invoiceIds.length > 0 ? input.invoiceIds : await deps.store.openInvoiceIds(input.customerId, input.currency, now);
  if (ids.length === 0) return refused('not_owed', `nothing is owed in ${input.currency}`);
  const p = await prepare(deps, ids, input.schedule, now);
  if ('ok' in p) return p;
  if (p.facts.customer.customerId !== input.customerId) return refused('not_found', 'an invoice of this plan no longer exists');
  const r = await deps.store.createPlan({
    customerId: input.customerId, currency: p.currency, origin: 'customer', status: 'requested', totalMinor: p.totalMinor,
    needsFinanceApprover: p.financeNeeded, createdBy: `customer:${input.requestedBy}`, approvedBy: null, replacesId: null,
    invoices: p.facts.invoices, instalments: p.instalments, at: now,
  });
  if ('conflictPlanId' in r) return refused('already_in_plan', `invoice ${r.invoiceNumber} is already in a payment plan or a request`, { invoiceNumber: r.invoiceNumber });
  await deps.store.raisePlanRequest(r.id, now);
  return { ok: true, planId: r.id, status: 'requested', thread: `${p.facts.customer.name} asked for a payment plan of ${money(p.totalMinor, p.currency)}` };
}

/**
 * Approves or refuses a requested plan (the approval card's buttons). The account manager or a finance approver
 * decides; a plan above the policy's amount, a finance approver only. A refusal needs its reason. The customer is
 * emailed the outcome: the schedule, or the reason.
 */
export async function decidePaymentPlan(
  deps: PlanDeps, actor: Actor, planId: bigint, input: { decision: 'approve' | 'refuse'; reason?: string }, now: Date,
): Promise<PlanResult> {
  const plan = await deps.store.plan(planId);
  if (!plan) return refused('not_found', 'this payment plan no longer exists');
  const decision = mayAct('decide_plan', actor, plan.customer.parties);
  if (!decision.allowed) return refused(actor.ownerId === null ? 'unknown_user' : 'not_allowed', decision.message);
  if (plan.needsFinanceApprover && !isFinanceApprover(actor)) {
    return refused('not_allowed', `only a finance approver can decide this payment plan: ${money(plan.totalMinor, plan.currency)} is above the approval amount`);
  }
  if (plan.status !== 'requested') return refused('already_decided', `this payment plan is already ${plan.status}`);
  const by = actorLabel(actor);
  if (input.decision === 'refuse') {
    const reason = (input.reason ?? '').trim();
    if (reason === '') return refused('invalid', 'say why the plan is refused: the customer is told');
    const nul = refuseNul(reason);
    if (nul && !nul.ok) return refused(nul.code, nul.message);
    if (!(await deps.store.refusePlan(planId, by, reason, now))) return refused('already_decided', 'this payment plan was decided meanwhile');
    await emailPlan(deps, planId, 'plan_refused', 0, now);
    return { ok: true, planId, status: 'requested', thread: `${actor.name} refused the payment plan: ${reason}` };
  }
  // As a customer's acceptance of a proposal: a schedule whose first instalment is no longer after the customer's
  // today would start already missed (a follow-up, then broken); new dates are proposed instead. Nothing changes.
  const first = plan.instalments[0];
  const today = dateInZone(now, plan.customer.timezone);
  if (first && first.dueDate <= today) {
    return refused('date_not_after_today', `the first instalment (${first.dueDate}) is no longer after the customer's today (${today}): use Propose other dates, or Refuse`, { today });
  }
  if (!(await deps.store.approvePlan(planId, by, now))) return refused('already_decided', 'this payment plan was decided meanwhile');
  await emailPlan(deps, planId, 'plan_approved', 0, now);
  return { ok: true, planId, status: 'active', thread: `${actor.name} approved the payment plan` };
}

/** "Call done" and "Resume normal reminders" on a broken plan: noted in the audit trail (the cadence already resumed). */
export async function noteBrokenPlan(deps: PlanDeps, actor: Actor, planId: bigint, what: 'call_done' | 'resume_reminders'): Promise<PlanResult> {
  const plan = await deps.store.plan(planId);
  if (!plan) return refused('not_found', 'this payment plan no longer exists');
  const decision = mayAct('offer_plan', actor, plan.customer.parties);
  if (!decision.allowed) return refused(actor.ownerId === null ? 'unknown_user' : 'not_allowed', decision.message);
  if (plan.status !== 'broken') return refused('invalid', `this payment plan is ${plan.status}, not broken`);
  await deps.store.auditPlan(planId, `plan.${what}`, actorLabel(actor), {});
  return {
    ok: true, planId, status: 'active',
    thread: what === 'call_done' ? `${actor.name} called the customer about the broken plan` : `${actor.name} let the normal reminders resume`,
  };
}

export interface PlanTickReport {
  completed: number;
  broken: number;
  sent: number;
  failed: number;
}

/**
 * The plans' part of a tick as of `now`: each active plan's payments tick off its instalments in date order; a plan
 * fully paid is completed; one with an instalment unpaid `graceDays` after its date is broken (alert plan_broken; its
 * invoices go back to the normal cadence). Otherwise the instalment reminders due go out, each once ever, on the
 * customer's business days and hours.
 */
export async function runPaymentPlans(deps: PlanDeps, now: Date): Promise<PlanTickReport> {
  const report: PlanTickReport = { completed: 0, broken: 0, sent: 0, failed: 0 };
  const holidays = deps.holidays ?? new Set<CalendarDate>();
  for (const plan of await deps.store.activePlans(now)) {
    const paid = plan.totalMinor - plan.remainingMinor;
    const state = planState(plan.instalments, paid, plan.today, deps.settings.graceDays);
    if (state !== 'active') {
      if (await deps.store.endPlan(plan.id, state, now, 'cadence')) report[state]++;
      continue;
    }
    if (!inSendHours(now, plan.customer.timezone, plan.today, holidays, deps.settings)) continue;
    const due = dueInstalmentReminders(plan.instalments, paid, plan.today, new Set(plan.sentKeys), { daysBefore: deps.settings.reminderDays, holidays });
    for (const r of due) {
      const outcome = await emailPlan(deps, plan.id, r.kind, r.instalmentNo, now, plan);
      if (outcome?.status === 'sent') report.sent++;
      else if (outcome) report.failed++;
    }
  }
  return report;
}

function inSendHours(now: Date, zone: string, today: CalendarDate, holidays: ReadonlySet<CalendarDate>, s: PlanSettings): boolean {
  if (!isBusinessDay(today, holidays)) return false;
  const t = now.getTime();
  return t >= localInstant(today, s.sendHour, zone).getTime() && t < localInstant(today, s.sendUntil, zone).getTime();
}

/**
 * Claims and sends one plan email (once ever per plan, kind and instalment); null when it was already claimed or
 * the customer has no deliverable address.
 */
export async function emailPlan(
  deps: PlanDeps, planId: bigint, kind: PlanEmailKind, instalmentNo: number, now: Date, known?: PlanRecord & { remainingMinor?: bigint },
  extra: Pick<PlanEmailFacts, 'note' | 'portalUrl'> = {},
): Promise<PlanEmailOutcome | null> {
  const plan = known ?? (await deps.store.plan(planId));
  if (!plan || plan.customer.emails.length === 0) return null;
  // Looked up before the claim: a claimed email is always sent (or recorded as not sent).
  const portalUrl = extra.portalUrl !== undefined || !deps.portalUrl ? undefined : await deps.portalUrl(plan.customerId, now);
  // The bank details and the reference to write (the invoice numbers); no card line: plan emails carry no pay link.
  const howToPay = deps.payments === undefined ? [] : buildHowToPay(
    plan.invoices.map((i) => ({ number: i.number, currency: plan.currency, amountDueMinor: i.owedMinor, payUrl: null })),
    await deps.payments.detailsOf(), now, deps.payments.noticeDays, plan.customer.timezone,
  );
  const id = await deps.store.claimPlanEmail(planId, kind, instalmentNo, plan.customer.emails, now);
  if (id === null) return null;
  const paid = known?.remainingMinor === undefined ? 0n : plan.totalMinor - known.remainingMinor;
  const schedule = instalmentProgress(plan.instalments, paid).map((i) => ({ dueDate: i.dueDate, amountMinor: i.amountMinor, remainingMinor: i.remainingMinor }));
  const content = deps.render({
    template: kind, locale: plan.customer.locale, customerName: plan.customer.name, companyName: deps.settings.from.name,
    currency: plan.currency, invoiceNumbers: plan.invoices.map((i) => i.number), schedule,
    ...(instalmentNo > 0 ? { instalmentNo } : {}), ...(plan.reason ? { reason: plan.reason } : {}),
    ...(portalUrl ? { portalUrl } : {}), ...(howToPay.length > 0 ? { howToPay } : {}), ...extra,
  });
  let outcome: PlanEmailOutcome;
  try {
    const r = await deps.sender.send({
      from: deps.settings.from, to: plan.customer.emails, cc: [], replyTo: plan.customer.accountManagerEmail ?? null, subject: content.subject, text: content.text, html: content.html,
      customArgs: { arbot_plan_email_id: id.toString() }, categories: ['arbot', `arbot_${kind}`],
    });
    outcome = r.outcome === 'sent' ? { status: 'sent', provider: r.provider, messageId: r.messageId, subject: content.subject }
      : r.outcome === 'unknown' ? { status: 'in_doubt', reason: r.reason } : { status: 'failed', reason: r.reason };
  } catch (err) {
    outcome = { status: 'in_doubt', reason: `sender error: ${(err as Error).message}` };
  }
  await deps.store.recordPlanEmail(id, outcome, now);
  return outcome;
}
