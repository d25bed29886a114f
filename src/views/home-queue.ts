import type { ApprovalFacts, DisputeFacts, InvoiceFacts } from './alert-view.js';
import type { HomePlans } from './plan-view.js';

/** One of my customers with overdue money. */
export interface OverdueAccount {
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly segment: InvoiceFacts['segment'];
  readonly strategic: boolean;
  /** Overdue amount per currency, formatted ("€4,000.00"), never added across currencies. */
  readonly overdue: readonly string[];
  readonly overdueInvoices: number;
  readonly oldestDaysOverdue: number;
}

/** The App Home "my queue" of one person. */
export interface HomeQueue {
  /** Disputes I own. */
  readonly disputes: readonly DisputeFacts[];
  /** Pending approvals I may decide. */
  readonly approvals: readonly ApprovalFacts[];
  readonly overdueAccounts: readonly OverdueAccount[];
  /** Customer replies nobody has dealt with, of my customers (all customers for finance), oldest first. */
  readonly repliesWaiting: RepliesWaiting;
  /** Payment plans: requests I may decide, my customers' broken plans and instalments due soon; absent: not loaded. */
  readonly plans?: HomePlans;
  /** When the queue was read (ISO instant), shown as "updated …". */
  readonly asOf: string;
}

/** Replies waiting for me: the oldest `homeRepliesShown`, and how many wait in all. */
export interface RepliesWaiting {
  readonly total: number;
  readonly replies: readonly WaitingReply[];
}

/** One reply waiting for someone: whose, from whom, about what, and since when. Customer text: renderers escape it. */
export interface WaitingReply {
  readonly replyId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly from: string;
  readonly subject: string;
  /** The start of the reply's new part on one line (at most `replyExcerptLength` characters). */
  readonly excerpt: string;
  /** In the company's time zone: "2026-03-12 09:14 (Europe/Paris)". */
  readonly receivedAt: string;
  /** Whole hours since it was received, as of the queue's `asOf`. */
  readonly waitingHours: number;
}

/** Waiting replies listed on the App Home; the rest are counted. */
export const homeRepliesShown = 10;
