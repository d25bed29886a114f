import type { SubjectRef } from '../domain/subject.js';
import type { AlertView, ApprovalFacts, ChangeRequestFacts, DisputeFacts, InvoiceFacts, OwnerRef } from '../views/alert-view.js';
import type { CustomerMatch, CustomerOverview } from '../views/customer-view.js';
import type { HomeQueue } from '../views/home-queue.js';
import type { ReplyFacts } from '../views/reply-view.js';
import type { CreditFacts } from '../views/credit-view.js';

/** What `/ar <query>` found: one customer, or several to choose from (at most a page, of `total`). */
export type CustomerLookup =
  | { readonly kind: 'customer'; readonly overview: CustomerOverview }
  | { readonly kind: 'choices'; readonly matches: readonly CustomerMatch[]; readonly total: number };

/**
 * What chat shows, read as of an instant (`now`) and in the company's time zone (fixed by the implementation).
 * Every surface reads through this; none queries the database itself.
 */
export interface ChatViews {
  /** The current view of a subject, to draw or redraw its messages; null when it no longer exists. */
  subjectView(subject: SubjectRef, now: Date): Promise<AlertView | null>;
  /**
   * The subjects to redraw after a change to `changed`: those first, in order, then every other subject with a
   * posted message (on any platform) whose view shows one of their invoices or disputes.
   */
  subjectsShowing(changed: readonly SubjectRef[]): Promise<SubjectRef[]>;
  invoice(invoiceId: bigint, now: Date): Promise<InvoiceFacts | null>;
  dispute(disputeId: bigint, now: Date): Promise<DisputeFacts | null>;
  approval(emailId: bigint, now: Date): Promise<ApprovalFacts | null>;
  changeRequest(requestId: bigint, now: Date): Promise<ChangeRequestFacts | null>;
  /** A customer's reply matched to a customer; null when it is gone or was not matched. */
  reply(replyId: bigint, now: Date): Promise<ReplyFacts | null>;
  /** The whole text of a matched reply, quoted history included ("Full reply"). */
  replyFullText(replyId: bigint): Promise<string | null>;
  /** Who an answer to the reply goes to: the customer's billing contacts (empty when it has none). */
  replyRecipients(replyId: bigint): Promise<string[]>;
  /** `/ar`: by ERP id (exact, any case), else by part of the name; null when nothing matches. */
  customer(query: string, now: Date): Promise<CustomerLookup | null>;
  /** The App Home "my queue" of a known person. */
  homeQueue(ownerId: bigint, now: Date): Promise<HomeQueue>;
  /** The credit of the customer a credit alert is about (its forms show it); null when the alert is gone. */
  credit(alertId: bigint, now: Date): Promise<CreditFacts | null>;
}

/** An owner as the chat surfaces know them. */
export interface ChatOwner {
  readonly id: bigint;
  readonly email: string;
  readonly name: string;
  readonly team: 'sales' | 'delivery' | 'finance';
  readonly approver: boolean;
}

/** The people arbot knows (owners), as chat surfaces name them. */
export interface ChatPeople {
  /** By the user id a platform gave (the owners import's slack_user_id / teams_user_id, or one remembered). */
  byChatId(platform: 'slack' | 'teams', userId: string): Promise<ChatOwner | null>;
  byEmail(email: string): Promise<ChatOwner | null>;
  /** Remembers a platform user id found by email, so the next lookup is by id; null when no owner has that email. */
  linkChatId(platform: 'slack' | 'teams', email: string, userId: string): Promise<ChatOwner | null>;
  /** Teams user ids (AAD object ids) of these owners, by email, for mentions; owners without one are absent. */
  teamsIds(owners: readonly OwnerRef[]): Promise<Map<string, string>>;
}
