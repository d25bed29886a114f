import type { CalendarDate } from '../domain/calendar-date.js';
import type { MatchedEmail, ReplyMatch } from '../domain/reply-matching.js';
import type { StoredUnderstanding } from '../domain/replies/reply-proposal.js';

/** A customer a reply may belong to, with the zone its pause is counted in. */
export interface CandidateCustomer {
  readonly customerId: bigint;
  readonly timezone: string;
}

export interface ReplyCandidates {
  /** Reminder emails among `emailIds` that exist, in the order asked. */
  readonly emailsById: readonly MatchedEmail[];
  /** Reminder emails whose message_id is among `messageIds`, in the order asked. */
  readonly emailsByMessageId: readonly MatchedEmail[];
  /** Customers whose billing contacts include the sender. */
  readonly senderCustomers: readonly CandidateCustomer[];
  /** The time zone of every customer named above. */
  readonly zones: ReadonlyMap<bigint, string>;
}

/** The pause a matched human reply puts on reminders (reminder_holds rows). */
export interface ReplyPause {
  readonly untilDate: CalendarDate;
  /** The customer's today, to tell open invoices when the reply is matched by sender only. */
  readonly today: CalendarDate;
  readonly reason: string;
  readonly createdBy: string;
  /** The reply's arrival: the holds count from then (the cadence reads holds created at or before its `now`). */
  readonly createdAt: Date;
}

/** What was read in a matched reply, and when its alert is raised (the reply's arrival). */
export interface ReplyReading {
  readonly understanding: StoredUnderstanding | null;
  readonly raisedAt: Date;
}

export interface RecordedMatch {
  /** False when this reply was already read (a redelivery, or a second run): nothing was written. */
  readonly recorded: boolean;
  readonly heldInvoices: number;
  /** The invoice the reply is posted under; null when none (or nothing was recorded). */
  readonly threadInvoiceId: bigint | null;
}

export interface ReplyMatchStore {
  loadCandidates(keys: { emailIds: readonly bigint[]; messageIds: readonly string[]; sender: string | null }): Promise<ReplyCandidates>;
  /**
   * In one transaction, once per reply: the match (or machine mail, or nothing) on the reply's row and, with a pause,
   * a hold on each invoice of the matched email (or each open invoice of the customer when matched by sender); the
   * invoice whose thread it goes in (the email's first by due date, or the customer's oldest open one) and what was
   * read in it; and its alert: `customer_reply` for its owners when matched, `reply_unmatched` for finance when a
   * person's reply matched nothing. Machine mail raises nothing here.
   */
  recordMatch(replyId: bigint, match: ReplyMatch, pause: ReplyPause | null, read: ReplyReading): Promise<RecordedMatch>;
}
