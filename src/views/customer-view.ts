import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { InvoiceFacts, OwnerRef } from './alert-view.js';
import type { ReplyFacts, ReplyHandling } from './reply-view.js';
import type { CreditFacts } from './credit-view.js';

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
  /** The customer's credit limit and hold (issue 19); absent: not loaded. */
  readonly credit?: CreditFacts;
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
