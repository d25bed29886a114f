// What the card of a late-payment claim waiting for a finance approver shows (alert fee_claim_approval, issue 19).

/** One invoice of the claim, amounts formatted in the invoice's currency. */
export interface FeeClaimLine {
  readonly invoiceNumber: string;
  /** Days late on the day the charges were computed (the claim's as-of day). */
  readonly daysLate: number;
  /** Null when the rule has no fixed compensation. */
  readonly compensation: string | null;
  readonly interest: string;
  readonly total: string;
  readonly legalBasis: string;
}

export interface FeeClaimFacts {
  /** The customer's database id: the card's buttons carry it, like /ar's. */
  readonly customerId: string;
  readonly customerName: string;
  readonly customerExternalId: string;
  /** Who claimed (the owner's name, else the audit label). */
  readonly claimedBy: string;
  readonly lines: readonly FeeClaimLine[];
  /** One total per currency, never added across currencies. */
  readonly totals: readonly string[];
  /** awaiting: Approve / Refuse; approved or refused: who decided (and why, refused), no buttons. */
  readonly status: 'awaiting' | 'approved' | 'refused';
  readonly decidedBy: string | null;
  readonly refusalReason: string | null;
}

export interface FeeClaimAlertView {
  readonly kind: 'fee_claim';
  readonly claim: FeeClaimFacts;
}
