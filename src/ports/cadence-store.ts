import type { CadencePolicy, CadenceStep } from '../domain/cadence/policy.js';
import type { VariantArm } from '../domain/cadence/variant-assignment.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { ReminderLateCharge } from '../views/reminder-email-view.js';

export interface PlannedInvoice {
  readonly invoiceId: bigint;
  readonly number: string;
  readonly clientReference: string | null;
  readonly dueDate: CalendarDate;
  readonly currency: string;
  readonly amountDueMinor: bigint;
  readonly payUrl: string | null;
  /** The invoice's early-payment discount terms (its own, else its customer's), when it has any: read at send time. */
  readonly discountTerms?: { readonly amountMinor: bigint; readonly issueDate: CalendarDate; readonly bp: number; readonly days: number } | null;
}

/** One email to one customer for one step of one policy, listing every invoice of theirs at that step. */
export interface PlannedEmail {
  readonly customerId: bigint;
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly segment: string;
  readonly policy: string;
  readonly step: CadenceStep;
  /**
   * The email written: the step's template, its variant for a customer in the variant arm of the step's experiment
   * (variant-assignment.ts), or an overdue reminder when nothing earlier went out (see dueReminderStep). Stored as
   * reminder_emails.template: what the customer got.
   */
  readonly template: string;
  /** The customer's arm when the step runs an experiment (the step has a variant); absent otherwise. */
  readonly arm?: VariantArm;
  /** No invoice of this email has had any email before: the customer hears about them for the first time. */
  readonly firstContact: boolean;
  readonly sendDay: CalendarDate;
  readonly scheduledFor: Date;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  /** Outside the automation cohort: shown, never sent. */
  readonly inCohort: boolean;
  readonly invoices: PlannedInvoice[];
}

/** An open invoice whose cadence might have a step around now, with every fact the due rule needs. */
export interface CadenceCandidate {
  readonly invoice_id: bigint;
  readonly number: string;
  readonly due_date: CalendarDate;
  readonly currency: string;
  readonly amount_minor: bigint;
  readonly remaining_minor: bigint;
  readonly client_reference: string | null;
  readonly pay_url: string | null;
  readonly customer_id: bigint;
  readonly customer_external_id: string;
  readonly customer_name: string;
  readonly segment: 'top' | 'standard' | 'at_risk';
  readonly strategic: boolean;
  readonly timezone: string;
  readonly country: string | null;
  readonly escalation_email: string | null;
  readonly sales_owner_email: string | null;
  readonly open_dispute: boolean;
  /** A dispute closed as credit_note_issued still waits for its credit note (see pendingCreditNoteSql). */
  readonly credit_note_announced: boolean;
  readonly promised_date: CalendarDate | null;
  readonly on_hold: boolean;
  /** The invoice is in an active payment plan: its instalments are reminded, not its own date (migration 028). */
  readonly in_plan?: boolean;
  /** Billing contacts not known to bounce; empty means every contact bounces. */
  readonly deliverable_emails: readonly string[];
  readonly claimed_keys: readonly string[];
  /** Steps of this invoice whose email actually went out (status sent). */
  readonly sent_keys?: readonly string[];
  /** The latest email to the customer, any invoice: sent, or queued/sending/in doubt (its scheduled time). */
  readonly last_email_at?: Date | null;
  /** Early-payment discount terms (the invoice's own, else its customer's) and the issue date its window runs from. */
  readonly discount_bp?: number | null;
  readonly discount_days?: number | null;
  readonly discount_from?: CalendarDate | null;
}


/** An email being sent: what the builder needs to render it and the sender to address it. */
export interface SendingEmail {
  readonly id: bigint;
  readonly policy: string;
  readonly stepKey: string;
  readonly template: string;
  readonly customerId: bigint;
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly locale: string;
  readonly timezone: string;
  readonly to: string[];
  readonly cc: string[];
  readonly replyTo: string | null;
  readonly accountManagerName: string | null;
  /** When arbot last actually sent this customer an email about any of these invoices (null: never). */
  readonly previousSentAt?: Date | null;
  /** customers.portal_key_version: the portal link is signed with it. Absent: the email carries no portal link. */
  readonly portalKeyVersion?: number;
  /** Provider attempts so far, this one included. */
  readonly attempts: number;
  readonly invoices: PlannedInvoice[];
  /** Late-payment charges claimed from the customer (fee_decisions), stated in this email; the send marks them sent. */
  readonly lateCharges?: readonly ReminderLateCharge[];
}

export type EmailOutcome =
  | {
    readonly status: 'sent'; readonly provider: string; readonly messageId: string | null; readonly subject: string;
    /** The Message-ID header we gave the email (reminder_emails.message_id), for matching replies by thread. */
    readonly headerMessageId?: string | null;
  }
  | { readonly status: 'retry'; readonly reason: string; readonly nextAttemptAt: Date }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'in_doubt'; readonly reason: string };

/** What one claim call actually claimed (emails another engine had already claimed are not counted). */
export interface ClaimSummary {
  readonly claimed: number;
  readonly awaitingApproval: number;
}

/** Everything the cadence engine reads and writes. */
export interface CadenceStore {
  loadPolicies(): Promise<Map<string, CadencePolicy>>;
  loadHolidays(): Promise<Map<string, Set<CalendarDate>>>;
  /**
   * The window's candidates in pages, each holding every candidate of its customers. A page is read whole before
   * it is yielded and the next is read only when asked for, so the caller may query (claim) between pages, even
   * on a single connection.
   */
  candidatePages(now: Date, today: CalendarDate, from: CalendarDate, to: CalendarDate): AsyncIterable<readonly CadenceCandidate[]>;
  /**
   * Claims planned emails exactly once, in one transaction: each email with its (invoice, step) reminders, an
   * audit row per reminder and, for a step that needs approval, the approval request alert.
   */
  claim(plans: readonly PlannedEmail[], now: Date): Promise<ClaimSummary>;
  sweepPromises(now: Date, graceDays: number): Promise<{ kept: number; broken: number }>;
  sweepStaleSending(now: Date, staleAfterMs: number): Promise<bigint[]>;
  dueEmailIds(now: Date, limit: number): Promise<bigint[]>;
  /** Moves one email from queued to sending and loads it; null when another engine took it. */
  startSending(id: bigint, now: Date): Promise<SendingEmail | null>;
  /**
   * Records what became of a send. A record is applied no later than a startSending called after it (sendQueue
   * records one email and claims the next without waiting in between, and relies on this to never hold two emails
   * "sending" per sender: the in-doubt bound after a crash).
   */
  recordOutcome(id: bigint, outcome: EmailOutcome, now: Date): Promise<void>;
}
