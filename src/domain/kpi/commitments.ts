/**
 * Money the customer has committed to pay at D, per currency, in minor units (exact):
 * - inPaymentPlan: Σ remaining(i, D) of the open invoices in a payment plan active at D (started on or before D in
 *   the company's zone, not ended by then);
 * - promised: Σ min(promised amount, remaining(i, D)) of the open invoices with a promise to pay active at D (logged
 *   on or before D, not resolved by then; a promise with no amount promises the whole remaining amount; the latest
 *   promise of an invoice counts).
 * Neither changes open AR, DSO or any other figure: they describe part of it.
 */
export interface CommitmentTotals {
  readonly inPaymentPlan: bigint;
  readonly promised: bigint;
}

export const noCommitments: CommitmentTotals = { inPaymentPlan: 0n, promised: 0n };
