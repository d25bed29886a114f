import { isEmail } from '../domain/import/fields.js';
import type { PauseReason } from '../domain/cadence/reminder-pause.js';
import type { CadenceStore, PlannedEmail } from '../ports/cadence-store.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../ports/email-sender.js';
import { planDueEmails, type PlanSettings } from './plan-reminders.js';
import type { ReminderContent, ReminderToRender } from './reminder-renderer.js';

/** What a claim would load with a planned email (see startSending), read without claiming it. */
export interface ReminderFacts {
  readonly locale: string;
  readonly timezone: string;
  readonly accountManagerName: string | null;
  /** When these invoices were last actually emailed to the customer; null: never. */
  readonly previousSentAt: Date | null;
  /** customers.portal_key_version, so a test email carries the portal link the real one would. */
  readonly portalKeyVersion?: number;
}

export interface ReminderFactsReader {
  /** One entry per email, in order; null for an email whose customer is gone. Reads only. */
  factsOf(emails: readonly PlannedEmail[]): Promise<(ReminderFacts | null)[]>;
}

export interface TestBatchDeps {
  /** The tick's store, of which the test batch only reads: it plans, never claims, sweeps or records. */
  readonly store: Pick<CadenceStore, 'loadPolicies' | 'loadHolidays' | 'candidatePages'>;
  readonly facts: ReminderFactsReader;
  readonly sender: EmailSender;
  /** The tick's renderer, without the envelope that names a claimed email (see createReminderContentRenderer). */
  readonly renderContent: (email: ReminderToRender, now: Date) => ReminderContent | Promise<ReminderContent>;
  readonly from: OutgoingEmail['from'];
  readonly settings: PlanSettings;
}

/** Invoices a test batch covers: 20 unless asked, never more than 100. */
export const testBatchLimits = { default: 20, max: 100 } as const;

export const testSubjectPrefix = '[TEST] ';

export interface TestBatchEmail {
  readonly customer_external_id: string;
  readonly customer_name: string;
  readonly policy: string;
  readonly step: string;
  readonly template: string;
  readonly language: string | null;
  readonly invoices: readonly string[];
  /** The step needs an owner's approval: the real email would wait for it; this one is sent now, marked here. */
  readonly would_wait_for_approval: boolean;
  /** The real email would copy the customer's escalation contact (this one copies nobody). */
  readonly escalation_copied: boolean;
  /** The subject as sent, prefix included; null when the email could not be built. */
  readonly subject: string | null;
  readonly status: 'sent' | 'failed' | 'in_doubt';
  readonly reason?: string;
}

export interface TestBatchReport {
  readonly as_of: string;
  readonly to: string;
  readonly limit: number;
  readonly sender: string;
  /** Due emails seen in plan order until the batch was full (the plan is read only that far). */
  readonly due_seen: number;
  readonly paused: Partial<Record<PauseReason, number>>;
  /** Due emails left out because the cohort would not send them either. */
  readonly outside_cohort: number;
  /** Due emails left out whole because their invoices did not fit in what was left of --limit. */
  readonly too_large: number;
  readonly emails: TestBatchEmail[];
  readonly invoices: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * Why `text` cannot be the test batch's one recipient, or null when it can: one bare address, as the ledger's
 * contacts are checked (no list, no display name, no line break that could smuggle a header).
 * @example testRecipientProblem('Ana <ana@acme.example>') // "give the bare address, without a display name or <>"
 */
export function testRecipientProblem(text: string): string | null {
  if (/[\r\n]/.test(text)) return 'one address on one line, no line breaks';
  if (/[,;]/.test(text) || (text.match(/@/g) ?? []).length > 1) return 'one address only, not a list';
  if (/[<>"]/.test(text)) return 'give the bare address, without a display name or <>';
  if (!isEmail(text)) return `not an email address: "${text}"`;
  return null;
}

/**
 * `arbot cadence test`: plans as the tick would at `now` (same window, planner, holds, disputes, approvals and
 * cohort), takes whole due emails in plan order while their invoices fit in `limit`, renders each with the tick's
 * renderer and templates, and sends it to `to` alone with a [TEST] subject. Writes nothing to the database: no claim,
 * no reminder row, no audit row, no alert; SendGrid gets `arbot_test` instead of the `arbot_email_id` events key on.
 */
export async function runCadenceTestBatch(deps: TestBatchDeps, now: Date, opts: { to: string; limit: number }): Promise<TestBatchReport> {
  const problem = testRecipientProblem(opts.to);
  if (problem) throw new RangeError(`test recipient: ${problem}`);
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > testBatchLimits.max) throw new RangeError(`limit: 1 to ${testBatchLimits.max}`);
  const chosen: PlannedEmail[] = [];
  const paused: Partial<Record<PauseReason, number>> = {};
  let room = opts.limit;
  let dueSeen = 0;
  let outsideCohort = 0;
  let tooLarge = 0;
  pages: for await (const plan of planDueEmails(deps.store, await deps.store.loadPolicies(), deps.settings, now)) {
    for (const [reason, n] of Object.entries(plan.paused) as [PauseReason, number][]) paused[reason] = (paused[reason] ?? 0) + n;
    for (const email of plan.emails) {
      dueSeen++;
      if (!email.inCohort) outsideCohort++;
      else if (email.invoices.length > room) tooLarge++;
      else {
        chosen.push(email);
        room -= email.invoices.length;
        if (room === 0) break pages;
      }
    }
  }
  const facts = await deps.facts.factsOf(chosen);
  const emails: TestBatchEmail[] = [];
  for (const [i, email] of chosen.entries()) emails.push(await sendTest(deps, email, facts[i] ?? null, now, opts.to));
  return {
    as_of: now.toISOString(), to: opts.to, limit: opts.limit, sender: deps.sender.name, due_seen: dueSeen, paused,
    outside_cohort: outsideCohort, too_large: tooLarge, emails, invoices: opts.limit - room,
    sent: emails.filter((e) => e.status === 'sent').length, failed: emails.filter((e) => e.status !== 'sent').length,
  };
}

/** The envelope of a test email: only `to`, nobody copied, replies back to `to`, nothing that names a real email. */
export function testEnvelope(content: ReminderContent, from: OutgoingEmail['from'], to: string): OutgoingEmail {
  return {
    from, to: [to], cc: [], replyTo: to, subject: `${testSubjectPrefix}${content.subject}`, text: content.text, html: content.html,
    customArgs: { arbot_test: '1' }, categories: ['arbot-test'],
  };
}

async function sendTest(deps: TestBatchDeps, email: PlannedEmail, facts: ReminderFacts | null, now: Date, to: string): Promise<TestBatchEmail> {
  const line = {
    customer_external_id: email.customerExternalId, customer_name: email.customerName, policy: email.policy, step: email.step.key,
    template: email.template, language: facts?.locale ?? null, invoices: email.invoices.map((i) => i.number),
    would_wait_for_approval: email.step.requiresApproval, escalation_copied: email.cc.length > 0,
  };
  if (!facts) return { ...line, subject: null, status: 'failed', reason: 'the customer is no longer in the ledger' };
  let message: OutgoingEmail;
  try {
    // What startSending would load for this email once claimed; the template orders the invoices itself.
    message = testEnvelope(await deps.renderContent({
      policy: email.policy, stepKey: email.step.key, template: email.template, customerId: email.customerId,
      customerExternalId: email.customerExternalId, customerName: email.customerName, locale: facts.locale, timezone: facts.timezone,
      to: [...email.to], cc: [...email.cc], replyTo: email.replyTo, accountManagerName: facts.accountManagerName,
      previousSentAt: facts.previousSentAt, invoices: email.invoices,
      ...(facts.portalKeyVersion === undefined ? {} : { portalKeyVersion: facts.portalKeyVersion }),
    }, now), deps.from, to);
  } catch (err) {
    return { ...line, subject: null, status: 'failed', reason: `could not build the email: ${(err as Error).message}` };
  }
  const done = { ...line, subject: message.subject };
  let result: SendResult;
  try {
    result = await deps.sender.send(message);
  } catch (err) {
    return { ...done, status: 'in_doubt', reason: `sender error: ${(err as Error).message}` };
  }
  switch (result.outcome) {
    case 'sent': return { ...done, status: 'sent' };
    case 'unknown': return { ...done, status: 'in_doubt', reason: result.reason };
    case 'rejected': return { ...done, status: 'failed', reason: `refused by the provider (${result.status}): ${result.reason}` };
    case 'retry': return { ...done, status: 'failed', reason: `not sent: ${result.reason}` };
  }
}
