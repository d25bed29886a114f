import type { OwnerRef } from './alert-view.js';

// What chat shows about a customer's credit (issue 19): its limit against open AR, and a credit hold in force.

/** A credit hold in force: who set it, on which day (company time zone, YYYY-MM-DD), and why (their words). */
export interface CreditHoldFacts {
  readonly setBy: string;
  readonly setOn: string;
  readonly reason: string;
}

/** The customer's limit against its open AR, formatted with the limit's currency. */
export interface CreditLimitFacts {
  readonly currency: string;
  readonly limit: string;
  readonly openAr: string;
  readonly available: string;
  /** Open AR as a percentage of the limit, one decimal, rounded down; null for a limit of 0. */
  readonly usedPercent: number | null;
  readonly overLimit: boolean;
}

export interface CreditFacts {
  readonly customerId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  /** Null: the customer has no credit limit. */
  readonly limit: CreditLimitFacts | null;
  /** The most days an open invoice is overdue; null when none is. */
  readonly oldestOverdueDays: number | null;
  readonly hold: CreditHoldFacts | null;
}

/** Why a credit alert was raised: a share of the limit reached, or an invoice past CREDIT_OVERDUE_DAYS. */
export type CreditAlertReason =
  | { readonly kind: 'threshold'; readonly threshold: number }
  | { readonly kind: 'overdue'; readonly overdueDays: number; readonly daysOverdue: number };

/** A credit alert (credit_threshold, credit_overdue) as a card: `alertId` is what its buttons carry. */
export interface CreditAlertView {
  readonly kind: 'credit';
  readonly alertId: string;
  readonly reason: CreditAlertReason;
  readonly credit: CreditFacts;
  readonly owner: OwnerRef | null;
}
