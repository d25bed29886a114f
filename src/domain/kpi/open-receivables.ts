/**
 * Σ remaining of open invoices by days past due (D − due date): `current` when not past due (≤ 0 days), then
 * 1-30, 31-60, 61-90 and 91+ days.
 */
export interface AgingTotals {
  readonly current: bigint;
  readonly d1_30: bigint;
  readonly d31_60: bigint;
  readonly d61_90: bigint;
  readonly d91_plus: bigint;
}

export type AgingBucket = keyof AgingTotals;

/**
 * Open receivables of one currency at D, in minor units. An invoice is open at D when issued on or before D with
 * remaining(D) = amount − payments received ≤ D − credit notes issued ≤ D above 0; it is overdue when open with a
 * due date before D (an invoice due on D is not overdue). Computed in SQL (adapters/postgres/kpi-receivables.ts,
 * kpi-totals-daily.ts); test/support/kpi-oracle/open-receivables.ts is the reference the KPI tests compare with.
 */
export interface OpenTotals {
  readonly openAr: bigint;
  readonly openCount: bigint;
  readonly overdueAmount: bigint;
  readonly overdueCount: bigint;
  readonly aging: AgingTotals;
}
