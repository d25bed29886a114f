import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { Parties } from '../domain/rights/chat-rights.js';
import type { CustomerSegment, TermsPolicy } from '../domain/rights/terms-policy.js';
import type { ReplyHandling } from '../views/reply-view.js';

export interface DisputeState {
  readonly id: bigint;
  readonly invoiceId: bigint;
  readonly status: DisputeStatus;
  readonly ownerId: bigint | null;
  readonly ownerName: string | null;
  /** The customer's owners and the dispute's owner, for the rights policy. */
  readonly parties: Parties;
}

/** An invoice as the rights policy and the promise form need it. */
export interface InvoiceParties extends Parties {
  readonly currency: string;
  /** The customer's segment: which limits of the terms policy apply (terms-policy.ts); null if unknown. */
  readonly segment: CustomerSegment | null;
}

/** What a pending change request asks for (see migration 012). */
export type RequestedChange =
  | { readonly kind: 'pause'; readonly until: string | null; readonly reason: string }
  | { readonly kind: 'promise'; readonly date: string; readonly amountMinor: bigint | null; readonly note: string };

export interface NewChangeRequest {
  readonly invoiceId: bigint;
  readonly change: RequestedChange;
  /** Why it needs a finance approver ("a pause with no end date"). */
  readonly limitReason: string;
  readonly requestedById: bigint;
  readonly requestedBy: string;
}

export interface ChangeRequestState {
  readonly id: bigint;
  readonly invoiceId: bigint;
  readonly change: RequestedChange;
  readonly status: 'pending' | 'approved' | 'refused';
  readonly decidedBy: string | null;
  readonly requestedBy: string;
  readonly customerName: string;
  /** The message that asked finance (`alert:<id>`), redrawn once decided. */
  readonly alertId: bigint | null;
}

export interface ApprovalState {
  readonly emailId: bigint;
  readonly status: string;
  readonly decision: string | null;
  readonly decidedBy: string | null;
  readonly accountManagerId: bigint | null;
  readonly customerName: string;
  readonly accountManagerName: string | null;
}

/** Writes of chat actions. Each write also appends its audit row, in the same transaction. */
/** A customer's reply as the reply actions need it (only replies matched to a customer). */
export interface ReplyState {
  readonly id: bigint;
  readonly customerId: bigint;
  /** The invoice whose thread it is in; null when none. */
  readonly invoiceId: bigint | null;
  /** The invoices the reply paused (its holds, lifted or not). */
  readonly heldInvoiceIds: readonly bigint[];
  readonly handled: { readonly how: ReplyHandling; readonly by: string } | null;
  readonly parties: Parties;
}

export interface ChatActionStore {
  dispute(id: bigint): Promise<DisputeState | null>;
  /** Compare-and-set: sets the owner only if none; returns the owner afterwards (theirs or ours). */
  claimDispute(id: bigint, ownerId: bigint, actor: string): Promise<{ claimed: boolean; ownerName: string | null }>;
  setDisputeStatus(id: bigint, from: DisputeStatus, to: DisputeStatus, closes: boolean, reopens: boolean, actor: string): Promise<boolean>;
  openDispute(invoiceId: bigint, reason: string, actor: string): Promise<{ disputeId: bigint } | { alreadyOpen: bigint } | null>;
  addNote(target: { invoiceId?: bigint; disputeId?: bigint }, body: string, actor: string): Promise<void>;
  logPromise(invoiceId: bigint, date: string, amountMinor: bigint | null, note: string, actor: string): Promise<boolean>;
  holdReminders(invoiceId: bigint, until: string | null, reason: string, actor: string): Promise<boolean>;
  invoiceCurrency(invoiceId: bigint): Promise<string | null>;
  /** The invoice's customer and its owners, with the invoice's currency; null when the invoice does not exist. */
  invoiceParties(invoiceId: bigint): Promise<InvoiceParties | null>;
  /** The payment-term extension policy in force now (null: none loaded), read at each decision. */
  termsPolicy(): Promise<TermsPolicy | null>;
  /**
   * Keeps a change that needs a finance approver, pending, and raises its approval alert (to finance), in one
   * transaction; a pending request of the same kind on the invoice is answered instead; null: no such invoice.
   */
  requestChange(request: NewChangeRequest): Promise<{ requestId: bigint; alertId: bigint } | { alreadyPending: bigint } | null>;
  changeRequest(id: bigint): Promise<ChangeRequestState | null>;
  /**
   * Decides a pending request (compare-and-set on status 'pending'). Approved, the pause or promise is made in
   * the same transaction; refused, nothing stops. Both are audited.
   */
  decideChange(id: bigint, decision: 'approved' | 'refused', note: string | null, actor: string): Promise<boolean>;
  approval(emailId: bigint): Promise<ApprovalState | null>;
  /** Decides a pending approval (compare-and-set on status 'awaiting_approval'). */
  decideApproval(emailId: bigint, decision: 'approved' | 'refused' | 'personal', note: string | null, actor: string): Promise<boolean>;
  /** Marks a platform interaction as processed; false when it was already (a retry or a double click). */
  firstTime(key: string): Promise<boolean>;
  reply(replyId: bigint): Promise<ReplyState | null>;
  /** The customer an invoice belongs to (to check a reply's form is about the same customer); null when none. */
  invoiceCustomer(invoiceId: bigint): Promise<bigint | null>;
  /**
   * Records that a person dealt with a reply (only the first time: `closed` false when it already was) and, with
   * `resume`, lifts the pause the reply put on reminders (`released`: holds lifted). Audited.
   */
  closeReply(replyId: bigint, how: ReplyHandling, actor: string, resume: boolean): Promise<{ closed: boolean; released: number }>;
  /** Undoes firstTime for an interaction that was refused, so the person can correct it and submit it again. */
  forget(key: string): Promise<void>;
}
