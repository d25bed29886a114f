/**
 * What the payment plan offer form shows (from an invoice card, or "Re-plan" on a broken plan): whose money, how
 * much and which invoices the plan would cover, and the policy's most instalments (the form offers 2 to that).
 */
export interface PlanOfferFacts {
  readonly customerName: string;
  readonly currency: string;
  /** What the covered invoices owe today, formatted with the currency ("12,000.00 EUR"). */
  readonly owed: string;
  readonly invoiceNumbers: readonly string[];
  readonly maxInstalments: number;
  /** The customer's today: the first instalment must come after it. */
  readonly today: string;
}

/** The offer form's answers: N even instalments from a first date, monthly or every 14 days. */
export interface PlanFormAnswers {
  readonly count: number;
  readonly firstDate: string;
  readonly interval: PlanFormInterval;
}
export const planFormIntervals = ['monthly', 'every_14_days'] as const;
export type PlanFormInterval = (typeof planFormIntervals)[number];
