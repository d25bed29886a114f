import type { CalendarDate } from '../calendar-date.js';
import type { CadenceStep, ReminderTemplate } from './policy.js';

// What the cadence planner decides and the cadence store claims: plain data, so the port and the planner share it
// without importing each other.

export interface PlannedInvoice {
  readonly invoiceId: bigint;
  readonly number: string;
  readonly clientReference: string | null;
  readonly dueDate: CalendarDate;
  readonly currency: string;
  readonly amountDueMinor: bigint;
  readonly payUrl: string | null;
}

/** One email to one customer for one step of one policy, listing every invoice of theirs at that step. */
export interface PlannedEmail {
  readonly customerId: bigint;
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly segment: string;
  readonly policy: string;
  readonly step: CadenceStep;
  /** The email written: the step's template, or an overdue reminder when nothing earlier went out (see dueReminderStep). */
  readonly template: ReminderTemplate;
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
