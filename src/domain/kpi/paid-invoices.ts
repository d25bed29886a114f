/**
 * Invoices of one currency issued on or before D and fully paid in (D − 90 days, D], with the sums behind the
 * payment-speed KPIs. The paid date is the received date of the payment that brought remaining to zero (or below);
 * an invoice a credit note alone settled is credited, not paid. Computed in SQL (adapters/postgres/
 * kpi-receivables.ts); test/support/kpi-oracle/paid-invoices.ts is the reference the KPI tests compare with.
 */
export interface PaidTotals {
  readonly paidCount: bigint;
  /** Σ (paid date − issue date), days. */
  readonly daysToPay: bigint;
  /** Σ max(0, paid date − due date), days. */
  readonly daysLate: bigint;
  /** How many were paid on or before their due date. */
  readonly onTime: bigint;
}
