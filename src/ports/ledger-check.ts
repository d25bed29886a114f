/**
 * The checks `arbot check` runs, by stable snake_case name. Invariants of the ledger itself first, then the derived
 * tables compared with a rebuild from their sources.
 */
export const ledgerChecks = [
  'payment_over_allocated',
  'invoice_over_applied',
  'allocation_customer_mismatch',
  'allocation_currency_mismatch',
  'credit_note_currency_mismatch',
  'dispute_closed_status_mismatch',
  'promise_resolution_mismatch',
  'discount_amount_mismatch',
  'discount_outside_window',
  'discount_terms_mismatch',
  'discount_not_settling',
  'discount_repeated',
  'discount_not_regranted',
  'settlement_missing',
  'settlement_orphan',
  'settlement_mismatch',
  'kpi_daily_drift',
  'kpi_segment_daily_drift',
  'kpi_segment_sum_drift',
] as const;

export type LedgerCheckName = (typeof ledgerChecks)[number];

/** One broken rule: which check, the rows involved (ids as text: they are int8), and what is wrong, in words. */
export interface LedgerViolation {
  readonly check: LedgerCheckName;
  /** Named by column: payment_id, invoice_external_id…; for the daily rollups, the row's key (currency, day…). */
  readonly ids: Readonly<Record<string, string>>;
  readonly detail: string;
}

export interface LedgerCheckResult {
  /** Rows examined, by table (invoices, payments, kpi_daily…). */
  readonly checked: Readonly<Record<string, number>>;
  /** At most `limit` per check, in a stable order (by ids). */
  readonly violations: readonly LedgerViolation[];
  /** How many violations each check found in all, listed or not; checks that found none are left out. */
  readonly found: Readonly<Partial<Record<LedgerCheckName, number>>>;
}

export interface LedgerCheckStore {
  /** Runs every check on one consistent snapshot of the ledger; writes nothing. */
  check(limit: number): Promise<LedgerCheckResult>;
}
