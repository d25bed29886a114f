/** One customer's credit facts as stored, as of an instant (its own today), for the credit API. */
export interface CustomerCreditFacts {
  readonly externalId: string;
  readonly name: string;
  /** Both null: no credit limit. */
  readonly limitMinor: bigint | null;
  readonly currency: string | null;
  /** Open AR in the limit's currency; null without a limit. */
  readonly openMinor: bigint | null;
  readonly oldestOverdueDays: number | null;
  /** The hold in force: who set it (their name), why, when. */
  readonly hold: { readonly setBy: string; readonly reason: string; readonly setAt: Date } | null;
}

export interface CreditCheckStore {
  /** By the customer's ERP id, exactly; null when there is no such customer. */
  customerCredit(externalId: string, now: Date): Promise<CustomerCreditFacts | null>;
}
