import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { InvoiceFacts, OwnerRef } from './alert-view.js';
import type { ReplyFacts, ReplyHandling } from './reply-view.js';
import type { CreditFacts } from './credit-view.js';
import type { CustomerPlan } from './plan-view.js';

/** Everything `/ar <customer>` shows about one customer, formatted for display by the service. */
export interface CustomerOverview {
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
  readonly owners: { readonly sales: OwnerRef | null; readonly delivery: OwnerRef | null };
  /** Per currency, never added across currencies: formatted amounts, e.g. "€12,000.00". */
  readonly totals: readonly { readonly currency: string; readonly amountDue: string; readonly overdue: string }[];
  /** Open invoices in the order to show them (most overdue first, say). */
  readonly openInvoices: readonly {
    readonly invoiceId: string;
    readonly number: string;
    readonly amountDue: string;
    readonly dueDate: string;
    readonly daysOverdue: number;
  }[];
  readonly disputes: readonly {
    readonly disputeId: string;
    readonly invoiceNumber: string;
    readonly reason: string;
    readonly status: DisputeStatus;
    readonly owner: OwnerRef | null;
    readonly ageDays: number;
  }[];
  readonly promises: readonly { readonly invoiceNumber: string; readonly date: string; readonly amount: string | null }[];
  /** Most recent first. */
  readonly lastReminders: readonly { readonly step: string; readonly sentAt: string; readonly tracking: string; readonly invoiceNumbers: readonly string[] }[];
  readonly onHoldUntil: string | null;
  /** The customer's replies to our reminders and what we did about them. */
  readonly conversation: CustomerConversation;
  /** What could be claimed for late payment (filled by the chat core); absent or null: no section. */
  readonly lateCharges?: CustomerLateCharges | null;
  /** The customer's credit limit and hold (issue 19); absent: not loaded. */
  readonly credit?: CreditFacts;
  /**
   * The customer's payment plans: open ones, then those ended in the last `customerPlansEndedDays` days
   * (src/views/plan-view.ts), newest first; absent or empty: no section.
   */
  readonly plans?: readonly CustomerPlan[];
  /** The person asking may set the credit limit (a finance approver): the view offers "Set credit limit". */
  readonly creditLimitButton?: boolean;
  /**
   * The credit hold button the person asking may press: "Put on credit hold" (the sales owner or finance, while no
   * hold is in force) or "Release hold" (a finance approver, while one is); absent: neither.
   */
  readonly creditHoldButton?: 'hold' | 'release';
  /**
   * Which portal controls the person asking may press ("Send statement", "Revoke portal links": the sales owner or
   * finance); absent: both are drawn and the service answers each click.
   */
  readonly portalButtons?: PortalButtons;
}

/** The portal controls of the /ar view a person may press. */
export interface PortalButtons {
  readonly sendStatement: boolean;
  readonly revokePortal: boolean;
}

/**
 * The latest replies of one customer (matched human replies; machine mail is never matched) with the answers sent
 * from chat. Every text in it but the times is the customer's: renderers escape it.
 */
export interface CustomerConversation {
  /** The company's time zone, in which the times are written. */
  readonly zone: string;
  /** Replies nobody has dealt with yet: all of them, not only those shown. */
  readonly waiting: number;
  /** Newest first, at most `conversationRepliesShown`. */
  readonly replies: readonly ConversationReply[];
}

/** One reply in a list: who, when, about what, its first words, and where it stands. */
export interface ConversationReply {
  readonly replyId: string;
  /** In the company's time zone: "2026-03-12 09:14". */
  readonly receivedAt: string;
  readonly from: string;
  readonly subject: string;
  /** The start of the reply's new part on one line (at most `replyExcerptLength` characters). */
  readonly excerpt: string;
  /** The reminder step it answers ("overdue"); null when it was matched by sender only. */
  readonly step: string | null;
  /** What a person did about it (`at` as `receivedAt`); null while it waits. */
  readonly handled: { readonly how: ReplyHandling; readonly by: string; readonly at: string } | null;
  /** Answers sent from chat, oldest first (`at` as `receivedAt`: when it was sent, or written while not sent). */
  readonly answers: ReplyFacts['answers'];
}

/** Replies listed per customer in `/ar`; the count of those waiting covers them all. */
export const conversationRepliesShown = 5;

/** A customer that matched the `/ar` search. */
export interface CustomerMatch {
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
}

/**
 * `/ar`'s "Late-payment charges": per late invoice, what the customer's late-fee rule allows to claim and what was
 * decided about it. A proposal beside the receivables: never part of the amounts or totals above.
 */
export interface CustomerLateCharges {
  /** The customer's database id, which the buttons carry. */
  readonly customerId: string;
  readonly asOf: string;
  readonly lines: readonly LateChargeLine[];
  /** Invoices not yet decided with something to claim: the Claim and Waive buttons act on these. */
  readonly undecided: number;
  /** Claims on this (top or strategic) customer waiting for a finance approver. */
  readonly awaitingApproval: number;
  /**
   * Claims whose reminder email ended in doubt (it may not have reached the customer): "Customer was told" and
   * "Not told (state again)" act on these.
   */
  readonly inDoubt: number;
  /** Invoice numbers whose charges could not be computed (no rate loaded, unknown rule), with why. */
  readonly notComputed: readonly string[];
  /**
   * Which buttons the person viewing may press (an `/ar` answer is theirs alone): Claim, Waive, Approve / Refuse
   * claim, Customer was told / Not told. Absent: every button is drawn (the services check on each click anyway).
   */
  readonly viewerMay?: { readonly claim: boolean; readonly waive: boolean; readonly approve: boolean; readonly resolveDoubt: boolean };
  /**
   * Whether a reminder email is still due to the customer (src/services/reminder-reach.ts): claimed charges go in
   * it; false: no reminder will state them, a statement email does ("Send statement"). Absent: not asked.
   */
  readonly reminderDue?: boolean;
}

export interface LateChargeLine {
  readonly invoiceNumber: string;
  readonly daysLate: number;
  /** Formatted with the currency ("€40.00"); null when the rule has none. */
  readonly compensation: string | null;
  readonly interest: string;
  readonly total: string;
  readonly rule: string;
  readonly legalBasis: string;
  /** Top or strategic account: a claim waits for a finance approver. */
  readonly needsApproval: boolean;
  /**
   * What was decided: claimed, awaiting_approval, waived, sent, or refused (the last claim a finance approver refused,
   * with the reason; the invoice may be claimed again); null while undecided.
   */
  readonly decision: { readonly status: string; readonly by: string; readonly reason?: string | null } | null;
}
