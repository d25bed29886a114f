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
  /** The customer's signed portal (/p/<token>): every reminder links it. Absent or null: no portal paragraph. */
  readonly portalUrl?: string | null;
}
