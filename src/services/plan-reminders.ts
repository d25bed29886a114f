import { addDaysToDate, dateInZone, type CalendarDate } from '../domain/calendar-date.js';
import { customerHolidays } from '../domain/cadence/business-days.js';
import { choosePolicy, type ApprovalThresholds } from '../domain/cadence/choose-policy.js';
import { isInCohort, type Cohort } from '../domain/cadence/cohort.js';
import { dueReminderStep } from '../domain/cadence/due-reminder-step.js';
import type { CadencePolicy } from '../domain/cadence/policy.js';
import { pauseReason, type PauseReason } from '../domain/cadence/reminder-pause.js';
import { stepTemplateFor } from '../domain/cadence/variant-assignment.js';
import type { CadenceCandidate, CadenceStore, PlannedEmail } from '../ports/cadence-store.js';

export interface ReminderPlan {
  readonly considered: number;
  readonly paused: Partial<Record<PauseReason, number>>;
  readonly emails: PlannedEmail[];
}

export interface PlanContext {
  readonly now: Date;
  readonly policies: ReadonlyMap<string, CadencePolicy>;
  readonly thresholds: ApprovalThresholds;
  /** Holidays by country code, '*' for company-wide. */
  readonly holidays: ReadonlyMap<string, ReadonlySet<CalendarDate>>;
  readonly sendHour: number;
  /** Emails go out before this hour of the customer's day. */
  readonly sendUntil?: number;
  /** Business days a later step waits after the previous email to the customer. */
  readonly minGapDays?: number;
  readonly maxLateDays: number;
  readonly promiseGraceDays: number;
  readonly cohort: Cohort;
}

/**
 * The due-date window that can hold a step due around `now` for any policy: zones shift "today" by a day
 * either way, and weekends and holidays can push a step's send day a little later than its nominal day.
 */
export function candidateWindow(policies: Iterable<CadencePolicy>, now: Date, maxLateDays: number, minGapDays = 0) {
  const offsets = [...policies].flatMap((p) => p.steps.map((s) => s.offsetDays));
  // Steps go out in order, each at least minGapDays business days after the previous email: an invoice can still be
  // working through its steps this long after its last step's day.
  const today = dateInZone(now, 'UTC');
  const latest = addDaysToDate(today, 1);
  return {
    today: latest,
    from: addDaysToDate(today, -1 - maxLateDays - 14 - Math.max(...offsets) - 2 * minGapDays),
    to: addDaysToDate(latest, -Math.min(...offsets)),
  };
}


/** Plans one batch of candidates; the batch must hold every candidate invoice of each of its customers. */
export interface ReminderPlanner {
  plan(candidates: Iterable<CadenceCandidate>): ReminderPlan;
}

/**
 * A planner for one tick, fed page by page: what it remembers across pages is only the due rule's memo, so a
 * tick's memory is one page, not the whole window. Emails group a customer's invoices, so a customer's
 * candidates must all come in the same page.
 */
export function createReminderPlanner(ctx: PlanContext): ReminderPlanner {
  // The due rule depends only on these inputs, and a tick's window holds few distinct combinations of them
  // (a due date, a zone, a policy, what was claimed): memoising it makes planning cost per combination, not per invoice.
  const dueMemo = new Map<string, ReturnType<typeof dueReminderStep>>();
  const todayMemo = new Map<string, string>();
  return {
    plan(candidates) {
      const paused: Partial<Record<PauseReason, number>> = {};
      const emails = new Map<string, PlannedEmail>();
      let considered = 0;
      for (const c of candidates) {
        considered++;
        let today = todayMemo.get(c.timezone);
        if (today === undefined) todayMemo.set(c.timezone, (today = dateInZone(ctx.now, c.timezone)));
        const reason = pauseReason({
          remainingMinor: c.remaining_minor, openDispute: c.open_dispute, creditNoteAnnounced: c.credit_note_announced, promisedDate: c.promised_date,
          onHold: c.on_hold, contactsBounce: c.deliverable_emails.length === 0, inPlan: c.in_plan === true,
        }, today, ctx.promiseGraceDays);
        if (reason) {
          paused[reason] = (paused[reason] ?? 0) + 1;
          continue;
        }
        const policyName = choosePolicy({ segment: c.segment, strategic: c.strategic, currency: c.currency, amountMinor: c.amount_minor }, ctx.thresholds);
        const policy = ctx.policies.get(policyName)!;
        const lastEmailAt = c.last_email_at ?? null;
        const memoKey = `${c.due_date}|${c.timezone}|${policy.name}|${c.country ?? ''}|${[...c.claimed_keys].sort().join(',')}|${[...(c.sent_keys ?? [])].sort().join(',')}|${lastEmailAt?.getTime() ?? ''}`;
        let due = dueMemo.get(memoKey);
        if (due === undefined) {
          due = dueReminderStep({
            dueDate: c.due_date, steps: policy.steps, claimedKeys: new Set(c.claimed_keys), sentKeys: new Set(c.sent_keys ?? []),
            lastEmailAt, now: ctx.now, zone: c.timezone, sendHour: ctx.sendHour, sendUntil: ctx.sendUntil, minGapDays: policy.minGapDays ?? ctx.minGapDays,
            maxLateDays: ctx.maxLateDays, holidays: customerHolidays(ctx.holidays, c.country),
          });
          dueMemo.set(memoKey, due);
        }
        if (!due) continue;
        // A step's experiment applies to the step's own email only: an escalation written as a plain overdue
        // reminder (nothing overdue sent yet) stays that reminder, whatever the customer's arm.
        const chosen = due.template === due.step.template ? stepTemplateFor(policy.name, due.step, c.customer_external_id) : { template: due.template, arm: null };
        const key = `${c.customer_id}:${policy.name}:${due.step.key}:${chosen.template}:${due.ccEscalation}`;
        let email = emails.get(key);
        if (!email) {
          email = {
            customerId: c.customer_id, customerExternalId: c.customer_external_id, customerName: c.customer_name,
            segment: c.segment, policy: policy.name, step: due.step, template: chosen.template, firstContact: due.firstContact,
            ...(chosen.arm ? { arm: chosen.arm } : {}),
            sendDay: due.sendDay, scheduledFor: due.sendAt,
            to: c.deliverable_emails, cc: due.ccEscalation && c.escalation_email ? [c.escalation_email] : [],
            replyTo: c.sales_owner_email,
            inCohort: isInCohort(ctx.cohort, { segment: c.segment, externalId: c.customer_external_id }),
            invoices: [],
          };
          emails.set(key, email);
        }
        if (!due.firstContact) email = Object.assign(email, { firstContact: false });
        email.invoices.push({
          invoiceId: c.invoice_id, number: c.number, clientReference: c.client_reference, dueDate: c.due_date,
          currency: c.currency, amountDueMinor: c.remaining_minor, payUrl: c.pay_url,
          // Only when it has terms, so invoices without them plan exactly as before.
          ...(c.discount_bp != null && c.discount_days != null && c.discount_from != null
            ? { discountTerms: { amountMinor: c.amount_minor, issueDate: c.discount_from, bp: c.discount_bp, days: c.discount_days } } : {}),
        });
      }
      return { considered, paused, emails: [...emails.values()] };
    },
  };
}

/** What planning needs from configuration: the PlanContext without the instant and what the store holds. */
export type PlanSettings = Omit<PlanContext, 'now' | 'policies' | 'holidays'>;

/**
 * The plan of a tick as of `now`, one page of candidates at a time: the window, the holidays and the planner the
 * cadence tick uses, so anything that plans through here (the tick, the test batch) sees the very same emails due.
 * Lazy: holidays and each page are read only when the next plan is asked for, so a caller may write between pages.
 */
export async function* planDueEmails(
  store: Pick<CadenceStore, 'loadHolidays' | 'candidatePages'>, policies: ReadonlyMap<string, CadencePolicy>,
  settings: PlanSettings, now: Date,
): AsyncGenerator<ReminderPlan> {
  const w = candidateWindow(policies.values(), now, settings.maxLateDays, settings.minGapDays);
  const planner = createReminderPlanner({
    now, policies, thresholds: settings.thresholds, holidays: await store.loadHolidays(), sendHour: settings.sendHour,
    sendUntil: settings.sendUntil, minGapDays: settings.minGapDays,
    maxLateDays: settings.maxLateDays, promiseGraceDays: settings.promiseGraceDays, cohort: settings.cohort,
  });
  for await (const page of store.candidatePages(now, w.today, w.from, w.to)) yield planner.plan(page);
}
