import type { ReminderLateCharge } from '../views/reminder-email-view.js';

/** A customer as a statement email needs them. */
export interface StatementCustomer {
  readonly customerId: bigint;
  readonly externalId: string;
  readonly name: string;
  readonly locale: string;
  readonly timezone: string;
  readonly portalKeyVersion: number;
  /** Billing contacts not suppressed (bounced, unsubscribed), as the cadence picks them. */
  readonly to: readonly string[];
  /** The sales owner (the account manager): reply-to, and the signature. */
  readonly accountManager: { readonly name: string | null; readonly email: string } | null;
}

/** A claimed late-payment charge a statement states: the reminder's line, with the decision's id. */
export interface StatementLateCharge extends ReminderLateCharge {
  readonly feeDecisionId: bigint;
}

export interface StatementEmailRecord {
  readonly customerId: bigint;
  readonly requestedBy: string;
  readonly asOf: Date;
  readonly to: readonly string[];
  readonly invoiceCount: number;
  readonly outcome: { readonly status: 'sent'; readonly provider: string; readonly messageId: string | null }
    | {
      readonly status: 'failed'; readonly reason: string;
      /** The provider may have accepted it (a timeout mid-request): the charges it stated are in doubt, not claimed again. */
      readonly inDoubt?: true;
    };
  /** The late-payment charges the email stated (`claimedCharges`' ids): they follow its outcome, as with a reminder. */
  readonly chargeIds?: readonly bigint[];
  /** Set for the monthly statement of a segment (the monthly-statements job): its month in the customer's zone, YYYY-MM. */
  readonly monthly?: { readonly month: string };
}

export interface StatementEmailStore {
  /** By external id (the CLI) or id (chat); null when no such customer. */
  findCustomer(ref: { readonly externalId: string } | { readonly customerId: bigint }): Promise<StatementCustomer | null>;
  /**
   * The customer's claimed late-payment charges in no reminder being sent or sent (migration 033's email_id null):
   * what the statement states, as a reminder would, each with its legal basis.
   */
  claimedCharges(customerId: bigint): Promise<readonly StatementLateCharge[]>;
  /**
   * Records the send (statement_emails) with its audit row, and in the same statement moves the charges it stated:
   * sent → sent, tied to it; in doubt → in doubt, tied to it; failed → left claimed (the attempt is linked).
   */
  record(r: StatementEmailRecord): Promise<bigint>;
}
