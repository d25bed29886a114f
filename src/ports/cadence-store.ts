import type { CadencePolicy } from '../domain/cadence/policy.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { PlannedEmail } from '../services/plan-reminders.js';

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
  readonly locale: string;
  readonly billing_emails: string[];
  readonly escalation_email: string | null;
  readonly sales_owner_email: string | null;
  readonly open_dispute: boolean;
  readonly promised_date: CalendarDate | null;
  readonly on_hold: boolean;
  /** Billing contacts not known to bounce; empty means every contact bounces. */
  readonly deliverable_emails: string[];
  readonly claimed_keys: string[];
}


/** An email being sent: what the builder needs to render it and the sender to address it. */
export interface SendingEmail {
  readonly id: bigint;
  readonly policy: string;
  readonly stepKey: string;
  readonly template: string;
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly locale: string;
  readonly timezone: string;
  readonly to: string[];
  readonly cc: string[];
  readonly replyTo: string | null;
  readonly accountManagerName: string | null;
  /** Provider attempts so far, this one included. */
  readonly attempts: number;
  readonly invoices: {
    readonly invoiceId: bigint;
    readonly number: string;
    readonly clientReference: string | null;
    readonly dueDate: CalendarDate;
    readonly currency: string;
    readonly amountDueMinor: bigint;
    readonly payUrl: string | null;
  }[];
}

export type EmailOutcome =
  | { readonly status: 'sent'; readonly provider: string; readonly messageId: string | null; readonly subject: string }
  | { readonly status: 'retry'; readonly reason: string; readonly nextAttemptAt: Date }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'in_doubt'; readonly reason: string };

export interface ClaimOutcome {
  readonly emailId: bigint;
  readonly plan: PlannedEmail;
  readonly status: 'queued' | 'awaiting_approval';
  readonly invoiceIds: bigint[];
}

/** Everything the cadence engine reads and writes. */
export interface CadenceStore {
  loadPolicies(): Promise<Map<string, CadencePolicy>>;
  loadHolidays(): Promise<Map<string, Set<CalendarDate>>>;
  candidates(now: Date, today: CalendarDate, from: CalendarDate, to: CalendarDate): AsyncIterable<CadenceCandidate>;
  claim(plans: readonly PlannedEmail[], now: Date): Promise<ClaimOutcome[]>;
  requestApprovals(claims: readonly ClaimOutcome[], now: Date): Promise<void>;
  sweepPromises(now: Date, graceDays: number): Promise<{ kept: number; broken: number }>;
  sweepStaleSending(now: Date, staleAfterMs: number): Promise<bigint[]>;
  dueEmailIds(now: Date, limit: number): Promise<bigint[]>;
  startSending(id: bigint, now: Date): Promise<SendingEmail | null>;
  recordOutcome(id: bigint, outcome: EmailOutcome, now: Date): Promise<void>;
}
