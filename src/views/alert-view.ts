import type { DisputeStatus } from '../domain/disputes/dispute-status.js';
import type { FeeClaimAlertView } from './fee-claim-view.js';
import type { CreditAlertView, CreditHoldFacts } from './credit-view.js';
import type { SubjectRef } from '../domain/subject.js';
import type { WeeklyDigest } from './digest-view.js';
import type { ReviewView } from './review-view.js';
import type { ReplyFacts, UnmatchedReplyFacts } from './reply-view.js';

// Platform-neutral view models of what arbot shows people in chat. Slack (Block Kit), Teams (Adaptive Cards)
// and the local workspace each render these; none of them decides anything.

/** Someone arbot mentions or routes to. */
export interface OwnerRef {
  readonly name: string;
  readonly email: string;
  readonly team: 'sales' | 'delivery' | 'finance';
  readonly slackUserId: string | null;
}

/** What a person needs to know about one invoice, already formatted for display. */
export interface InvoiceFacts {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  readonly segment: 'top' | 'standard' | 'at_risk';
  readonly strategic: boolean;
  /** Remaining amount formatted with its currency, e.g. "€1,234.50". */
  readonly amountDue: string;
  readonly currency: string;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  /** Days past due on the company's today; negative before the due date. */
  readonly daysOverdue: number;
  readonly clientReference: string | null;
  readonly lastReminder: {
    readonly step: string;
    readonly sentAt: string;
    /** The furthest the email got: sent, delivered, opened, clicked, bounced. */
    readonly tracking: string;
  } | null;
  readonly promise: { readonly date: string; readonly amount: string | null } | null;
  readonly openDispute: { readonly id: string; readonly status: DisputeStatus; readonly ownerName: string | null } | null;
  readonly onHoldUntil: string | null;
  /**
   * The latest dispute closed by `now`, when it closed in the last RECENT_CLOSE_DAYS days or still waits for its
   * announced credit note: an escalation or a reminder must never ignore it.
   */
  readonly closedDispute: {
    readonly status: DisputeStatus;
    /** YYYY-MM-DD, company time zone. */
    readonly closedOn: string;
    readonly daysAgo: number;
    /** Who closed it: a person's name, or "the ERP import". */
    readonly closedBy: string;
    /** Closed as credit_note_issued and that credit note is not in the ledger yet (reminders stay paused). */
    readonly creditNoteAwaited: boolean;
  } | null;  /** The customer's credit hold in force (issue 19); absent or null: none. */
  readonly creditHold?: CreditHoldFacts | null;
  /**
   * Payment plans (issue 20): whether the invoice still owes money, whether its customer has a plan requested,
   * proposed or active in its currency, and the plan policy's most instalments. Absent or null: no plan is offered.
   */
  readonly planning?: InvoicePlanning | null;
}

/** What "Offer a payment plan" on an invoice card needs to know (src/views/card-controls.ts invoiceControls). */
export interface InvoicePlanning {
  readonly owing: boolean;
  readonly inOpenPlan: boolean;
  readonly maxInstalments: number;
}

export interface DisputeFacts {
  readonly disputeId: string;
  readonly invoice: InvoiceFacts;
  readonly reason: string;
  readonly status: DisputeStatus;
  readonly owner: OwnerRef | null;
  /** ISO instant. */
  readonly openedAt: string;
  readonly ageHours: number;
  /** 1 once the 48-hour SLA is breached. */
  readonly priority: 1 | 2 | 3;
  readonly source: 'import' | 'api' | 'chat' | 'customer_link' | 'demo';
  readonly deliveryRelated: boolean;
}

export interface ApprovalFacts {
  readonly emailId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  /** The cadence step waiting, e.g. "escalation" or "final_notice". */
  readonly step: string;
  readonly invoices: readonly InvoiceFacts[];
  readonly owner: OwnerRef | null;
  readonly status: 'pending' | 'approved' | 'refused' | 'personal';
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
  /**
   * What the customer was actually sent about these invoices, newest first (at most 10): the approver decides
   * knowing it. Empty means this email would be the first contact.
   */
  readonly sentBefore: readonly { readonly step: string; readonly sentOn: string }[];
}

/** A pause or promise past the limits, waiting for a finance approver (change_requests, migration 012). */
export interface ChangeRequestFacts {
  readonly requestId: string;
  readonly invoice: InvoiceFacts;
  readonly change: 'pause' | 'promise';
  /** "pause reminders with no end date", "log a promise to pay of 0.01 EUR on 2099-12-31". */
  readonly what: string;
  /** Why it needs an approver: "a pause with no end date". */
  readonly limitReason: string;
  /** The pause's reason or the promise's note, as typed. */
  readonly note: string;
  readonly requestedBy: string;
  readonly status: 'pending' | 'approved' | 'refused';
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
}

/** A change of where customers pay, waiting for (or decided by) a finance approver (migration 027). */
export interface BankChangeFacts {
  readonly changeId: string;
  readonly currency: string;
  /** Masked ("IBAN DE89 •••• 3000 · BIC COBADEFFXXX"), with the holder's name: chat never holds full account numbers. */
  readonly before: string;
  readonly after: string;
  /** The holder or the account changes (not only methods, links or limits): customers will be warned. */
  readonly accountChanged: boolean;
  /** What else changes, e.g. "methods: wire, card → wire"; empty when only the account does. */
  readonly otherChanges: readonly string[];
  readonly requestedBy: string;
  /** "2026-12-06 10:00 (Europe/Paris)". */
  readonly requestedAt: string;
  readonly status: 'pending' | 'approved' | 'refused' | 'superseded' | 'applied';
  readonly decidedBy: string | null;
  /** Why it was refused, as the finance approver typed it (absent or null: not refused, or refused before reasons). */
  readonly refusalReason?: string | null;
  /** The phone customers are told to call to confirm. */
  readonly phoneToConfirm: string;
}

/** A payment an import could not allocate, as listed in the run's alert. */
export interface UnmatchedPaymentLine {
  readonly paymentExternalId: string;
  readonly customerExternalId: string;
  /** Null when the customer is not (or no longer) in the ledger. */
  readonly customerName: string | null;
  /** The unallocated amount, formatted with its currency. */
  readonly amount: string;
  readonly reason: string;
}

/** An allocation an import released because the ERP's update no longer fit it (shown as the import recorded it). */
export interface ReleasedAllocationLine {
  readonly externalId: string;
  /** Formatted with its currency; null when the import did not record it. */
  readonly amount: string | null;
  readonly reason: string;
}

/** What one import run moved that finance must look at: one message per run, however many payments. */
export interface ImportRunFacts {
  readonly runId: string;
  /** How it came in: csv, api or demo. */
  readonly via: string;
  readonly actor: string;
  /** When it finished, in the company's time zone: "2026-03-20 11:00 (Europe/Paris)". */
  readonly finishedAt: string;
  /** Set when the run stopped early: what it reports is what was stored before. */
  readonly failed: string | null;
  /** `lines` are the first few (at most importRunLinesShown); `count` counts them all. */
  readonly unmatched: { readonly count: number; readonly lines: readonly UnmatchedPaymentLine[]; readonly totals: readonly string[] };
  /** Null when the import recorded no released allocations (or did not record them at all). */
  readonly released: { readonly count: number; readonly lines: readonly ReleasedAllocationLine[] } | null;
}

/** A payment plan as an alert shows it (amounts already formatted with their currency). */
export interface PlanNotice {
  /** requested: a plan waits for an approver; broken: an instalment is unpaid beyond PLAN_GRACE_DAYS. */
  readonly event: 'requested' | 'broken';
  readonly planId: string;
  readonly customerName: string;
  readonly origin: 'owner' | 'customer';
  /** The plan's status now: requested, active, completed, broken, refused or cancelled. */
  readonly status: string;
  readonly total: string;
  readonly instalments: readonly { readonly dueDate: string; readonly amount: string }[];
  /** Only a finance approver may approve it (its total is above the policy's approval amount). */
  readonly financeApprover: boolean;
  /** The alert this card is (its buttons carry it, `{ a }`); absent: the card has no buttons. */
  readonly alertId?: string;
  /** What a person did about it: a request decided, a broken plan followed up; null or absent: nothing yet. */
  readonly outcome?: PlanOutcome | null;
  /** The plan policy's most instalments (the Teams forms offer 2 to it); absent: the policy's default. */
  readonly maxInstalments?: number;
  /** Other dates proposed to the customer on a request ("Propose other dates"); null or absent: none. */
  readonly proposal?: PlanProposalFacts | null;
}

/** A proposal on a plan request: who made it, their note, what the customer had asked, and the customer's answer. */
export interface PlanProposalFacts {
  readonly by: string;
  readonly note: string;
  readonly requested: readonly { readonly dueDate: string; readonly amount: string }[];
  /** null: the customer has not answered yet. */
  readonly answer: 'accepted' | 'declined' | null;
}

/**
 * A plan card's outcome line. approved / refused end a request's buttons; resumed / replanned end a broken
 * plan's; call_done keeps them (a call is noted, a decision still to make). `by`: the person's name.
 */
export interface PlanOutcome {
  readonly what: 'approved' | 'refused' | 'call_done' | 'resumed' | 'replanned';
  readonly by: string;
  /** A refusal's reason. */
  readonly reason?: string | null;
}

/** How many lines of each list an import run's alert shows; the rest is counted ("and N more"). */
export const importRunLinesShown = 20;

export type AlertView =
  | { readonly kind: 'invoice_overdue'; readonly invoice: InvoiceFacts; readonly owner: OwnerRef | null }
  | { readonly kind: 'delivery_blocker'; readonly invoice: InvoiceFacts; readonly owner: OwnerRef | null; readonly dispute: DisputeFacts | null }
  | { readonly kind: 'dispute'; readonly dispute: DisputeFacts; readonly mention: readonly OwnerRef[] }
  | { readonly kind: 'approval'; readonly approval: ApprovalFacts }
  /** An approval still undecided after the reminder delay: its owner is asked again, with the same buttons. */
  | { readonly kind: 'approval_reminder'; readonly approval: ApprovalFacts; readonly requestedAt: string; readonly waitingHours: number }
  | { readonly kind: 'weekly_digest'; readonly digest: WeeklyDigest }
  /** The monthly top-account review posted to finance on the first business day: the `/review` view of the month before. */
  | { readonly kind: 'monthly_review'; readonly review: ReviewView }
  | { readonly kind: 'email_bounced'; readonly customerName: string; readonly customerExternalId: string; readonly address: string; readonly reason: string; readonly owner: OwnerRef | null }
  | { readonly kind: 'email_problem'; readonly problem: 'failed' | 'in_doubt'; readonly customerName: string; readonly customerExternalId: string; readonly step: string; readonly reason: string; readonly owner: OwnerRef | null; readonly resolved?: { readonly how: string; readonly on: string } | null }
  | { readonly kind: 'promise_broken'; readonly invoice: InvoiceFacts; readonly promisedDate: string; readonly owner: OwnerRef | null }
  /** A dispute closed as credit_note_issued CREDIT_NOTE_WAIT_DAYS ago and the credit note is still not in the ledger. */
  | { readonly kind: 'credit_note_awaited'; readonly invoice: InvoiceFacts; readonly owner: OwnerRef | null }
  | { readonly kind: 'payment_unmatched'; readonly paymentExternalId: string; readonly customerName: string; readonly amount: string; readonly receivedDate: string; readonly reference: string | null; readonly reason: string }
  | { readonly kind: 'invoice_incomplete'; readonly invoice: InvoiceFacts; readonly missing: readonly MissingInvoiceField[]; readonly owner: OwnerRef | null }
  | { readonly kind: 'change_request'; readonly request: ChangeRequestFacts }
  | { readonly kind: 'import_run'; readonly run: ImportRunFacts }
  /** A customer's reply, posted in the thread of `thread` (its invoice's message, posted first where missing). */
  | { readonly kind: 'customer_reply'; readonly reply: ReplyFacts; readonly owner: OwnerRef | null; readonly thread: ThreadParent | null }
  | { readonly kind: 'reply_unmatched'; readonly reply: UnmatchedReplyFacts }
  /** Credit: a share of the limit reached, or an invoice long overdue (src/views/credit-view.ts). */
  | CreditAlertView
  | { readonly kind: 'bank_change'; readonly change: BankChangeFacts }
  /** A payment plan requested (waiting for an approver) or broken (issue 20). */
  | { readonly kind: 'payment_plan'; readonly plan: PlanNotice; readonly owner: OwnerRef | null }
  /**
   * The customer promised to pay on the portal: `invoice` is the first invoice promised (its card's controls),
   * `invoiceNumbers` every one, `amount` the total promised with its currency.
   */
  | { readonly kind: 'customer_promise'; readonly invoice: InvoiceFacts; readonly invoiceNumbers: readonly string[]; readonly amount: string; readonly promisedDate: string; readonly owner: OwnerRef | null }
  /** Late-payment charges claimed on a top or strategic account, waiting for (or decided by) a finance approver. */
  | FeeClaimAlertView;

/** The message another is posted under: its subject, and its view to post it where it is not yet. */
export interface ThreadParent {
  readonly subject: SubjectRef;
  readonly view: AlertView;
}

/**
 * The message a view is posted under, when it goes in a thread rather than on its own.
 * @example threadOf({ kind: 'reply_unmatched', reply }) // null
 */
export function threadOf(view: AlertView): ThreadParent | null {
  return view.kind === 'customer_reply' ? view.thread : null;
}

/** What an incomplete invoice can lack, as people read it (every platform shows the same words). */
export type MissingInvoiceField = 'po_number' | 'client_reference' | 'billing_contact' | 'proof_of_delivery';
export const missingInvoiceFieldLabels: Readonly<Record<MissingInvoiceField, string>> = {
  po_number: 'PO number',
  client_reference: 'client reference',
  billing_contact: 'billing contact',
  proof_of_delivery: 'proof of delivery',
};
