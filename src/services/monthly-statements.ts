import { customerHolidays } from '../domain/cadence/business-days.js';
import { monthlyStatementDue } from '../domain/statements/monthly-statement-day.js';
import type { MonthlyStatementStore } from '../ports/monthly-statements.js';
import { sendStatement, type SendStatementDeps } from './send-statement.js';

export interface MonthlyStatementDeps {
  readonly store: MonthlyStatementStore;
  /** The "Send statement" path: the same email, links and record (kind monthly). */
  readonly statement: SendStatementDeps;
  /** CADENCE_SEND_HOUR and CADENCE_SEND_UNTIL: statements go out in the customer's business hours, as reminders do. */
  readonly sendHour: number;
  readonly sendUntil: number;
}

export interface MonthlyStatementRun {
  /** Customers of a segment with a monthly statement, not paused, without this month's statement yet. */
  readonly considered: number;
  /** Of those, the ones whose statement day and hours it is. */
  readonly due: number;
  readonly sent: number;
  /** Taken by another run or instance at the same moment. */
  readonly taken: number;
  readonly nothing_open: number;
  readonly no_recipient: number;
  /** Refused by the provider or not reached: the claim is given back, a later run that day tries again. */
  readonly failed: number;
  /** May have reached the provider (a timeout mid-request): kept as sent for the month, never resent. */
  readonly in_doubt: number;
  /**
   * Claims older than an hour that no send names (a run stopped between claim and send, or a send in doubt): that
   * customer's statement of the month is not sent by any run until a person looks and releases it
   * (`arbot statement release CUSTOMER --month YYYY-MM`). Listed on every run until then.
   */
  readonly unsent_claims: readonly UnsentClaimLine[];
}

export interface UnsentClaimLine {
  readonly customer_external_id: string;
  readonly month: string;
  readonly claimed_at: string;
  readonly last_attempt: string | null;
}

/** How old a claim without a send must be to be reported: far longer than a run takes to send after claiming. */
export const unsentClaimAfterMs = 60 * 60_000;

/** Who asked for a monthly statement (statement_emails.requested_by, the audit actor): the job. */
export const monthlyStatementRequester = 'monthly-statements';

/**
 * As of `now`, emails each customer of a segment listed in the statement policy its statement, once a month: on the
 * policy's business day of the customer's month, within the send hours, when reminders are not paused for it, it has
 * an open invoice and a deliverable address. A claim per customer and month taken before sending makes two runs or
 * instances send once; it is given back when nothing went out (nothing open, no address, a failed send) so a later
 * run that day tries again. A send in doubt (the provider may have it) or one that throws keeps its claim: never twice.
 * Such claims, and those of a run that stopped between claim and send, are listed once an hour old (`unsent_claims`)
 * for a person to release: never retried on their own.
 */
export async function sendMonthlyStatements(deps: MonthlyStatementDeps, now: Date): Promise<MonthlyStatementRun> {
  const counts = await sendDueStatements(deps, now);
  const unsent = await deps.store.unsentClaims(new Date(now.getTime() - unsentClaimAfterMs));
  return {
    ...counts,
    unsent_claims: unsent.map((c) => ({
      customer_external_id: c.customerExternalId, month: c.month, claimed_at: c.claimedAt.toISOString(), last_attempt: c.lastAttempt,
    })),
  };
}

async function sendDueStatements(deps: MonthlyStatementDeps, now: Date): Promise<Omit<MonthlyStatementRun, 'unsent_claims'>> {
  const counts = { considered: 0, due: 0, sent: 0, taken: 0, nothing_open: 0, no_recipient: 0, failed: 0, in_doubt: 0 };
  const policy = await deps.store.loadPolicy();
  if (policy.monthly.length === 0) return counts;
  const dayOf = new Map(policy.monthly.map((m) => [m.segment, m.businessDay]));
  const holidays = await deps.store.loadHolidays();
  for (const c of await deps.store.candidates([...dayOf.keys()], now)) {
    counts.considered++;
    const due = monthlyStatementDue({
      now, zone: c.timezone, businessDay: dayOf.get(c.segment)!, holidays: customerHolidays(holidays, c.country),
      sendHour: deps.sendHour, sendUntil: deps.sendUntil,
    });
    if (!due) continue;
    counts.due++;
    if (!(await deps.store.claim(c.customerId, due.month, now))) {
      counts.taken++;
      continue;
    }
    const r = await sendStatement(deps.statement, {
      customer: { customerId: c.customerId }, requestedBy: monthlyStatementRequester, asOf: now, monthly: { month: due.month },
    });
    if (r.outcome === 'sent') {
      await deps.store.settle(c.customerId, due.month, r.statementEmailId);
      counts.sent++;
      continue;
    }
    if (r.outcome === 'failed' && r.inDoubt) {
      // The provider may have it: the claim stays, so this month's statement is never sent twice.
      counts.in_doubt++;
      continue;
    }
    await deps.store.release(c.customerId, due.month);
    if (r.outcome === 'nothing_open' || r.outcome === 'no_recipient' || r.outcome === 'failed') counts[r.outcome]++;
  }
  return counts;
}
