/**
 * Disputed receivables of one currency at D. A dispute is open at D when opened on or before D and not closed on or
 * before D, by calendar dates in the company's time zone. Computed in SQL (adapters/postgres/kpi-disputes.ts);
 * test/support/kpi-oracle/disputed-receivables.ts is the reference the KPI tests compare with.
 */
export interface DisputeTotals {
  /** Open invoices with at least one open dispute. */
  readonly disputedCount: bigint;
  /** Σ remaining of those invoices, minor units. */
  readonly disputedAmount: bigint;
  /** Open disputes on those invoices (an invoice may carry several). */
  readonly openDisputes: bigint;
  /** Σ (D − opened date) over those disputes, in days. */
  readonly openDisputeAgeDays: bigint;
}
