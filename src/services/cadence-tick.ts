import type { ApprovalThresholds } from '../domain/cadence/choose-policy.js';
import type { Cohort } from '../domain/cadence/cohort.js';
import type { PauseReason } from '../domain/cadence/reminder-pause.js';
import type { CadenceStore, EmailOutcome, PlannedEmail, SendingEmail } from '../ports/cadence-store.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../ports/email-sender.js';
import { planDueEmails } from './plan-reminders.js';

export interface CadenceSettings {
  readonly sendHour: number;
  readonly sendUntil?: number;
  readonly minGapDays?: number;
  readonly maxLateDays: number;
  readonly promiseGraceDays: number;
  readonly cohort: Cohort;
  readonly thresholds: ApprovalThresholds;
  /** Emails per second; 0 sends as fast as the provider answers. */
  readonly ratePerSecond: number;
  /** Sends in flight at once (default 1). */
  readonly concurrency?: number;
  /** After this many provider attempts a retryable failure becomes a failure. */
  readonly maxAttempts: number;
  /** An email "sending" for longer than this is taken to have died mid-send. */
  readonly staleSendingMs: number;
}

export interface CadenceDeps {
  readonly store: CadenceStore;
  readonly sender: EmailSender;
  /** Renders an email being sent into what the provider gets (addresses, texts, custom args). */
  readonly render: (email: SendingEmail, now: Date) => OutgoingEmail;
  /**
   * Reads what `render` needs from the database once per send (the payment details in force), before any email is
   * claimed: a database error then stops the tick instead of failing emails that were never built.
   */
  readonly prepareRender?: () => Promise<void>;
  readonly settings: CadenceSettings;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface TickReport {
  as_of: string;
  dry_run: boolean;
  considered: number;
  paused: Partial<Record<PauseReason, number>>;
  /** The emails due, in plan order, at most the first PLANNED_IN_REPORT (1000) so a big tick's report stays small. */
  planned: PlannedEmail[];
  /** Every email due, counted in full even when `planned` lists only the first 1000. */
  planned_count: number;
  outside_cohort: number;
  claimed: number;
  awaiting_approval: number;
  promises: { kept: number; broken: number };
  in_doubt_swept: number;
  sent: number;
  retried: number;
  failed: number;
  in_doubt: number;
}

/** The report lists this many planned emails at most; `planned_count` counts them all. */
export const PLANNED_IN_REPORT = 1000;
const CLAIM_CHUNK = 2000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One cadence tick as of `now`: settle promises, flag dead sends, plan what is due, claim it exactly once,
 * then send the queue. A dry run only plans: it reads, writes nothing and sends nothing.
 */
export async function runCadenceTick(deps: CadenceDeps, now: Date, opts: { dryRun?: boolean } = {}): Promise<TickReport> {
  const { store, settings } = deps;
  const report: TickReport = {
    as_of: now.toISOString(), dry_run: opts.dryRun === true, considered: 0, paused: {}, planned: [], planned_count: 0,
    outside_cohort: 0, claimed: 0, awaiting_approval: 0, promises: { kept: 0, broken: 0 }, in_doubt_swept: 0, sent: 0,
    retried: 0, failed: 0, in_doubt: 0,
  };
  const policies = await store.loadPolicies();
  if (!opts.dryRun) {
    report.promises = await store.sweepPromises(now, settings.promiseGraceDays);
    report.in_doubt_swept = (await store.sweepStaleSending(now, settings.staleSendingMs)).length;
  }
  // Page by page: plan a page, claim what it made due, then read the next. Only one page and its emails are
  // held at a time (plus the report's first emails), so memory stays flat however much is due.
  for await (const plan of planDueEmails(store, policies, settings, now)) {
    report.considered += plan.considered;
    for (const [reason, n] of Object.entries(plan.paused) as [PauseReason, number][]) report.paused[reason] = (report.paused[reason] ?? 0) + n;
    report.planned_count += plan.emails.length;
    const room = PLANNED_IN_REPORT - report.planned.length;
    if (room > 0) report.planned.push(...plan.emails.slice(0, room));
    const toClaim = plan.emails.filter((e) => e.inCohort);
    report.outside_cohort += plan.emails.length - toClaim.length;
    if (opts.dryRun) continue;
    // Each chunk is one statement and one transaction, so lock time stays bounded however much is due.
    for (let i = 0; i < toClaim.length; i += CLAIM_CHUNK) {
      const claimed = await store.claim(toClaim.slice(i, i + CLAIM_CHUNK), now);
      report.claimed += claimed.claimed;
      report.awaiting_approval += claimed.awaitingApproval;
    }
  }
  if (opts.dryRun) return report;
  await sendQueue(deps, now, report);
  return report;
}

/**
 * Sends every queued email whose time has come, paced to the configured rate, with up to `concurrency` sends in
 * flight (each email is still claimed alone by startSending, so parallel senders and other engines never share one).
 * A sender records an outcome and claims its next email in one go, without waiting in between: the store applies
 * them in that order (the Postgres store in one statement, with the other senders' writes), so a sender never holds
 * more than one email "sending" and a crash leaves at most `concurrency` in doubt. After a store error nothing new is
 * claimed; the sends under way finish and are recorded, then the error is thrown.
 */
export async function sendQueue(deps: CadenceDeps, now: Date, report: Pick<TickReport, 'sent' | 'retried' | 'failed' | 'in_doubt'>): Promise<void> {
  await deps.prepareRender?.();
  const sleep = deps.sleep ?? realSleep;
  const gap = deps.settings.ratePerSecond > 0 ? 1000 / deps.settings.ratePerSecond : 0;
  const workers = Math.max(1, Math.floor(deps.settings.concurrency ?? 1));
  // The rate is shared: each send books the next free slot, `gap` ms after the previous one.
  let nextSlot = 0;
  const pace = async () => {
    if (gap === 0) return;
    const at = Math.max(nextSlot, Date.now());
    nextSlot = at + gap;
    const wait = at - Date.now();
    if (wait > 0) await sleep(wait);
  };
  const count = (outcome: EmailOutcome) => {
    if (outcome.status === 'sent') report.sent++;
    else if (outcome.status === 'retry') report.retried++;
    else if (outcome.status === 'failed') report.failed++;
    else report.in_doubt++;
  };
  for (;;) {
    const ids = await deps.store.dueEmailIds(now, 200);
    if (ids.length === 0) return;
    let k = 0;
    const errors: unknown[] = [];
    const recorded: Promise<void>[] = [];
    const worker = async () => {
      while (k < ids.length && errors.length === 0) {
        const id = ids[k++]!;
        let email: SendingEmail | null;
        try {
          email = await deps.store.startSending(id, now);
        } catch (err) {
          errors.push(err);
          return;
        }
        if (!email) continue; // another engine took it
        await pace();
        const outcome = await sendOne(deps, email, now);
        recorded.push(deps.store.recordOutcome(id, outcome, now).then(() => count(outcome), (err) => void errors.push(err)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, ids.length) }, worker));
    await Promise.all(recorded);
    if (errors.length > 0) throw errors[0];
  }
}

async function sendOne(deps: CadenceDeps, email: SendingEmail, now: Date): Promise<EmailOutcome> {
  let message: OutgoingEmail;
  try {
    message = deps.render(email, now);
  } catch (err) {
    return { status: 'failed', reason: `could not build the email: ${(err as Error).message}` };
  }
  let result: SendResult;
  try {
    result = await deps.sender.send(message);
  } catch (err) {
    // A sender that throws has broken its contract; whether the provider got the email is unknown.
    return { status: 'in_doubt', reason: `sender error: ${(err as Error).message}` };
  }
  const outcome = toOutcome(result, email.attempts, deps.settings.maxAttempts, now, message.subject);
  return outcome.status === 'sent' && message.messageId ? { ...outcome, headerMessageId: message.messageId } : outcome;
}

/**
 * Maps a provider's answer to what the engine records. Retries back off exponentially (1, 2, 4 … minutes,
 * at most an hour) or as the provider asked, and give up after `maxAttempts`.
 */
export function toOutcome(result: SendResult, attempts: number, maxAttempts: number, now: Date, subject: string): EmailOutcome {
  switch (result.outcome) {
    case 'sent':
      return { status: 'sent', provider: result.provider, messageId: result.messageId, subject };
    case 'rejected':
      return { status: 'failed', reason: `refused by the provider (${result.status}): ${result.reason}` };
    case 'unknown':
      return { status: 'in_doubt', reason: result.reason };
    case 'retry': {
      if (attempts >= maxAttempts) return { status: 'failed', reason: `gave up after ${attempts} attempts: ${result.reason}` };
      const backoff = Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
      return { status: 'retry', reason: result.reason, nextAttemptAt: new Date(now.getTime() + Math.max(backoff, result.retryAfterMs ?? 0)) };
    }
  }
}
