import type { HowToPay } from '../domain/payment-methods/how-to-pay.js';

// The platform-neutral content of a reminder email: the cadence builds it, blocks/email renders it (through the
// port src/ports/reminder-templates.ts).

/** One invoice in a reminder, as the cadence engine knows it. */
export interface ReminderInvoice {
  readonly number: string;
  readonly clientReference: string | null;
  /** The remaining amount (after payments and credit notes), in minor units of `currency`. */
  readonly amountDueMinor: bigint;
  readonly currency: string;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  /** Days past the due date on the customer's local day; negative before it (-7 at the upcoming step). */
  readonly daysOverdue: number;
  readonly payUrl: string | null;
  readonly disputeUrl: string;
  /**
   * The early-payment discount still open on the send day (openEarlyPaymentOffer): pay `payMinor` by `endsOn`
   * (YYYY-MM-DD, the last day) instead of the amount due, saving `discountMinor`. Absent or null: none.
   */
  readonly earlyPayment?: { readonly payMinor: bigint; readonly discountMinor: bigint; readonly endsOn: string } | null;
}

/**
 * Late-payment charges claimed on an invoice (migration 024, approved where needed): the email states them on a line
 * of their own with their legal basis. Never part of the invoice's amount due or the totals.
 */
export interface ReminderLateCharge {
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly compensationMinor: bigint;
  readonly interestMinor: bigint;
  readonly legalBasis: string;
}

/** Platform-neutral content of one reminder email: one customer, one step, every invoice at that step. */
export interface ReminderEmailModel {
  /** A template name from `EmailTemplates.names`, e.g. "overdue" (cadence_steps.template). */
  readonly template: string;
  /** The customer's BCP 47 locale, e.g. "fr-CA": picks the template language and formats amounts and dates. */
  readonly locale: string;
  readonly customerName: string;
  /** Who the email is from, e.g. EMAIL_FROM_NAME or the company's name. */
  readonly companyName: string;
  readonly accountManager: { readonly name: string | null; readonly email: string } | null;
  /** True when the client's escalation contact is in cc, so the email says so. */
  readonly escalationCopied: boolean;
  /** The customer's calendar day (YYYY-MM-DD) arbot last actually emailed them about these invoices; null: never. */
  readonly previousEmailDate?: string | null;
  /** At least one, in any order: the email lists the oldest due first, then the largest amount. */
  readonly invoices: readonly ReminderInvoice[];
  /** EMAIL_MAX_ROWS: invoices listed at most; the rest are counted and summed ("and N more, total X"). Default 25. */
  readonly maxRows?: number;
  /** The customer's signed statement page, linked when some invoices are not listed. */
  readonly statementUrl?: string | null;
  /** Late-payment charges claimed from the customer, one line each after the totals; absent or empty: none. */
  readonly lateCharges?: readonly ReminderLateCharge[];
  /** "How to pay" per currency of the invoices that has payment details (buildHowToPay); absent or empty: none shown. */
  readonly howToPay?: readonly HowToPay[];
  /** The customer's signed portal (/p/<token>): every reminder links it. Absent or null: no portal paragraph. */
  readonly portalUrl?: string | null;
}
