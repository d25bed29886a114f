import { addDaysToDate, type CalendarDate } from '../calendar-date.js';

export interface PauseFacts {
  readonly remainingMinor: bigint;
  readonly openDispute: boolean;
  /**
   * A dispute was closed as "credit note issued" and that credit note is not in the ledger yet: reminding the
   * customer for the full amount now would contradict what we told them.
   */
  readonly creditNoteAnnounced?: boolean;
  /** Latest active promise's date, if any. */
  readonly promisedDate: CalendarDate | null;
  /** A hold on the invoice or its customer, active today. */
  readonly onHold: boolean;
  /** Every billing contact of the customer is known to bounce. */
  readonly contactsBounce: boolean;
  /** The invoice is in an active payment plan: each instalment is reminded instead of the invoice's own date. */
  readonly inPlan?: boolean;
}

export type PauseReason = 'settled' | 'disputed' | 'credit_note_announced' | 'promised' | 'on_hold' | 'contact_bounces' | 'in_plan';

/**
 * Why no reminder may go out for an invoice today, or null when one may.
 * A promise holds the cadence until its date plus the grace days; after that the cadence resumes.
 * @example pauseReason({ remainingMinor: 0n, ... }, '2026-03-10', 2) // 'settled'
 */
export function pauseReason(f: PauseFacts, today: CalendarDate, promiseGraceDays: number): PauseReason | null {
  if (f.remainingMinor <= 0n) return 'settled';
  if (f.openDispute) return 'disputed';
  if (f.creditNoteAnnounced) return 'credit_note_announced';
  if (f.onHold) return 'on_hold';
  if (f.inPlan) return 'in_plan';
  if (f.promisedDate !== null && today <= addDaysToDate(f.promisedDate, promiseGraceDays)) return 'promised';
  if (f.contactsBounce) return 'contact_bounces';
  return null;
}

/**
 * True when a promise to pay is broken on `today`: its date plus grace has passed and money is still owed.
 * @example isPromiseBroken('2026-03-01', '2026-03-04', 2, 100n) // true
 */
export function isPromiseBroken(promisedDate: CalendarDate, today: CalendarDate, graceDays: number, remainingMinor: bigint): boolean {
  return remainingMinor > 0n && today > addDaysToDate(promisedDate, graceDays);
}
