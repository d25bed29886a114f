import type { CommitmentTotals } from './commitments.js';
import type { DisputeTotals } from './disputed-receivables.js';
import type { OpenTotals } from './open-receivables.js';
import type { PaidTotals } from './paid-invoices.js';

/**
 * Every aggregate the KPIs of one currency at D are computed from, exact, in minor units and whole days.
 * Postgres computes these in SQL; test/support/kpi-oracle/kpi-totals.ts computes them from invoices in memory,
 * straight from the definitions. Both then go through the same `buildCurrencyKpis`, so "SQL agrees with the
 * definitions" is a comparison of these totals.
 */
export interface KpiTotals {
  readonly currency: string;
  readonly open: OpenTotals;
  readonly disputes: DisputeTotals;
  /** sales(D − 90 days, D]: Σ amount of invoices issued in (D − 90 days, D] (gross: credit notes do not reduce sales). */
  readonly sales90d: bigint;
  /** open_ar(M) and sales(M, D] for CEI, M = D − 3 months. */
  readonly ceiOpenArAtStart: bigint;
  readonly ceiSales: bigint;
  /** Sales of the countback periods, newest first: at least as many as the walk needs, at most 25. */
  readonly countbackSales: readonly bigint[];
  /** sales(D − 24 months, D] > 0. */
  readonly hasSales24m: boolean;
  readonly paid: PaidTotals;
  /** In payment plans and promised at D (commitments.ts); absent: none. */
  readonly commitments?: CommitmentTotals;
}
