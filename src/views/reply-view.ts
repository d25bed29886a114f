import type { CustomerDisputeReason } from '../domain/customer-dispute.js';
import type { InvoiceFacts, OwnerRef } from './alert-view.js';

/**
 * A customer's reply to a reminder as chat shows it: under its invoice's message, with what detection proposed
 * (for a person to confirm with one click) and what people did about it. Text is the customer's, as they wrote it:
 * every renderer escapes it (Slack mrkdwn, Teams markdown, HTML), so it is shown, never interpreted.
 */
export interface ReplyFacts {
  readonly replyId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  /** The sender as the email named them: "Ann Doe <ap@acme.example>". */
  readonly from: string;
  readonly subject: string;
  /** In the company's time zone: "2026-03-12 09:14 (Europe/Paris)". */
  readonly receivedAt: string;
  /** The reply without quoted history or signature, HTML turned to text, cut to `replyTextShown` characters. */
  readonly text: string;
  /** The text was cut: the whole reply is one click away ("Full reply"). */
  readonly cut: boolean;
  /** Every attachment, with its size ("12 KB"); `kept` false when it was too large to keep. */
  readonly attachments: readonly { readonly name: string; readonly size: string; readonly kept: boolean }[];
  /** The invoice whose thread the reply is posted in; null when it is on its own (no open invoice). */
  readonly invoice: InvoiceFacts | null;
  /** The invoices of the email it answers (or the customer's open ones when matched by sender), by number. */
  readonly invoiceNumbers: readonly string[];
  /** How arbot knew whose reply it is: our reply address, the email thread, or the sender's address alone. */
  readonly matchedBy: 'token' | 'thread' | 'sender';
  readonly proposal: ReplyProposal;
  /** Reminders are paused for this reply until this date (YYYY-MM-DD); null once resumed or run out. */
  readonly pausedUntil: string | null;
  /** What a person did about it; null while it waits. */
  readonly handled: { readonly how: ReplyHandling; readonly by: string; readonly at: string } | null;
  /** Answers sent from chat, oldest first. */
  readonly answers: readonly { readonly by: string; readonly at: string; readonly status: 'queued' | 'sending' | 'sent' | 'failed' | 'in_doubt' }[];
}

export type ReplyHandling = 'answered' | 'promise' | 'dispute' | 'resumed' | 'done';

/** What detection read in the reply: proposals only; nothing is applied until a person confirms. */
export interface ReplyProposal {
  readonly promise: {
    /** YYYY-MM-DD. */
    readonly date: string;
    /** Formatted with its currency ("1,200.50 EUR"); null when the reply named no amount. */
    readonly amount: string | null;
    /** The amount as the promise form takes it ("1200.50"), to pre-fill it. */
    readonly amountInput: string | null;
  } | null;
  readonly dispute: {
    readonly reason: CustomerDisputeReason;
    /** The words that suggested it, from the reply (at most 200 characters). */
    readonly evidence: string;
  } | null;
  readonly alreadyPaid: { readonly date: string | null; readonly reference: string | null } | null;
}

/** How many characters of a reply a card shows; the rest is behind "Full reply". */
export const replyTextShown = 1500;

/** A reply nobody could place (no token, no thread, an unknown or shared sender), for finance to route by hand. */
export interface UnmatchedReplyFacts {
  readonly replyId: string;
  readonly from: string;
  readonly subject: string;
  readonly receivedAt: string;
  /** The start of the stripped text (at most 300 characters). */
  readonly excerpt: string;
}

/**
 * A promise or dispute form opened from a customer's reply: its answers start as what was read in the reply (the
 * person checks and submits), and its submission names the reply (`replyId`, carried like the subject) to close it.
 */
export interface FormPrefill {
  readonly replyId: string;
  readonly promiseDate: string | null;
  readonly promiseAmount: string | null;
  readonly disputeReason: CustomerDisputeReason | null;
  readonly comment: string | null;
}

/**
 * The one rule of what a reply's forms start with: the promise and dispute read in it.
 * @example replyFormPrefill(reply).promiseDate // "2026-03-31" when the reply seemed to promise that date
 */
export function replyFormPrefill(reply: ReplyFacts): FormPrefill {
  const { promise, dispute } = reply.proposal;
  return {
    replyId: reply.replyId,
    promiseDate: promise?.date ?? null,
    promiseAmount: promise?.amountInput ?? null,
    disputeReason: dispute?.reason ?? null,
    comment: dispute?.evidence ?? null,
  };
}

export type { OwnerRef };
