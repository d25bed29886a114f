// What the reminder renderer (src/services/reminder-renderer.ts) needs from the email templates: one function from
// a platform-neutral model to the message's subject, text and HTML. blocks/email implements it; the wiring
// (src/wire/cadence.ts) passes it in, so the service never imports a renderer.

/** One invoice in a reminder, as the cadence engine knows it. */
export interface ReminderInvoiceLine {
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
export interface ReminderContent {
  /** A template name, e.g. "overdue" (cadence_steps.template). */
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
  readonly invoices: readonly ReminderInvoiceLine[];
  /** EMAIL_MAX_ROWS: invoices listed at most, the rest counted and summed; the templates' default when absent. */
  readonly maxRows?: number;
  /** The customer's signed statement page, linked when some invoices are not listed. */
  readonly statementUrl?: string | null;
}

export interface RenderedReminder {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Renders one reminder in the customer's language; throws RangeError on content the engine never produces. */
export type RenderReminder = (content: ReminderContent) => RenderedReminder;
