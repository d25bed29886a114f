import type { CalendarDate } from '../domain/calendar-date.js';
import type { CalendarMonth } from '../domain/reports/report-month.js';
import type { StatementPolicy, StatementSegment } from '../domain/statements/statement-policy.js';

/** A customer of a segment with a monthly statement, as the job's due rule needs them. */
export interface MonthlyStatementCandidate {
  readonly customerId: bigint;
  readonly segment: StatementSegment;
  readonly timezone: string;
  readonly country: string | null;
}

/**
 * A claim on a customer's monthly statement that no recorded send names: the run stopped between claim and send, or
 * the send ended in doubt (the provider may have the email). Never retried by the job: a person looks and decides.
 */
export interface UnsentStatementClaim {
  readonly customerExternalId: string;
  readonly month: CalendarMonth;
  readonly claimedAt: Date;
  /** Why the last send recorded under the claim did not count ("timed out…"); null when none was recorded. */
  readonly lastAttempt: string | null;
}

/** What a person's release of a claim did (`arbot statement release`). */
export type StatementClaimRelease = 'released' | 'sent' | 'no_claim' | 'unknown_customer';

export interface MonthlyStatementStore {
  /** The policy loaded (`arbot policy statements load`), or the default: no monthly statement. */
  loadPolicy(): Promise<StatementPolicy>;
  /** Stores a checked policy with its audit row. */
  savePolicy(policy: StatementPolicy, by: string): Promise<void>;
  /** Holidays by country code; '*' holds the company-wide ones (the cadence's). */
  loadHolidays(): Promise<ReadonlyMap<string, ReadonlySet<CalendarDate>>>;
  /**
   * Customers of these segments whose reminders are not paused as of `now` (no hold on the whole customer) and who
   * have no monthly statement sent yet for the month of `now` in their zone; whether anything is open and who gets
   * it is the statement's own check (sendStatement).
   */
  candidates(segments: readonly StatementSegment[], now: Date): Promise<MonthlyStatementCandidate[]>;
  /** Takes the customer's statement of `month`: true for the one caller that got it, false when already taken. */
  claim(customerId: bigint, month: CalendarMonth, now: Date): Promise<boolean>;
  /** Names the send that used the claim (kept: the month's statement went out). */
  settle(customerId: bigint, month: CalendarMonth, statementEmailId: bigint): Promise<void>;
  /** Gives the claim back when nothing went out, so a later run of the same day may try again. */
  release(customerId: bigint, month: CalendarMonth): Promise<void>;
  /** Claims taken before `claimedBefore` that no send names, oldest first. */
  unsentClaims(claimedBefore: Date): Promise<UnsentStatementClaim[]>;
  /**
   * A person's release of a claim no send names, audited with who: the customer's statement of `month` may be sent
   * again. A claim naming its send is never released ('sent').
   */
  releaseUnsent(customerExternalId: string, month: CalendarMonth, by: string): Promise<StatementClaimRelease>;
}
