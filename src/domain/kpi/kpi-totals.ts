import type { CalendarDate } from '../calendar-date.js';
import { addDaysToDate } from '../calendar-date.js';
import { ceiStart } from './collection-effectiveness.js';
import { countbackPeriods, minusMonths } from './calendar-months.js';
import { COUNTBACK_PERIODS } from './countback-dso.js';
import { computeDisputeTotals, type DisputeTotals } from './disputed-receivables.js';
import type { KpiInvoice } from './kpi-ledger.js';
import { computeOpenTotals, type OpenTotals } from './open-receivables.js';
import { computePaidTotals, type PaidTotals } from './paid-invoices.js';
import { salesBetween } from './sales.js';

/**
 * Every aggregate the KPIs of one currency at D are computed from, exact, in minor units and whole days.
 * Postgres computes these in SQL and this module computes them from invoices in memory; both then go through
 * the same `buildCurrencyKpis`, so "SQL agrees with the definitions" is a comparison of these totals.
 */
export interface KpiTotals {
  readonly currency: string;
  readonly open: OpenTotals;
  readonly disputes: DisputeTotals;
  /** sales(D − 90 days, D]. */
  readonly sales90d: bigint;
  /** open_ar(M) and sales(M, D] for CEI, M = D − 3 months. */
  readonly ceiOpenArAtStart: bigint;
  readonly ceiSales: bigint;
  /** Sales of the countback periods, newest first: at least as many as the walk needs, at most 25. */
  readonly countbackSales: readonly bigint[];
  /** sales(D − 24 months, D] > 0. */
  readonly hasSales24m: boolean;
  readonly paid: PaidTotals;
}

/**
 * The reference computation: KPI totals of one currency at D straight from the definitions.
 * @example computeKpiTotals(usdInvoices, 'USD', '2026-03-31').open.openAr
 */
export function computeKpiTotals(invoices: readonly KpiInvoice[], currency: string, asOf: CalendarDate): KpiTotals {
  const mine = invoices.filter((i) => i.currency === currency);
  const start = ceiStart(asOf);
  return {
    currency,
    open: computeOpenTotals(mine, asOf),
    disputes: computeDisputeTotals(mine, asOf),
    sales90d: salesBetween(mine, addDaysToDate(asOf, -90), asOf),
    ceiOpenArAtStart: computeOpenTotals(mine, start).openAr,
    ceiSales: salesBetween(mine, start, asOf),
    countbackSales: countbackPeriods(asOf, COUNTBACK_PERIODS).map((p) => salesBetween(mine, p.after, p.through)),
    hasSales24m: salesBetween(mine, minusMonths(asOf, 24), asOf) > 0n,
    paid: computePaidTotals(mine, asOf),
  };
}

/**
 * The currencies KPIs are reported in at D: those with at least one invoice issued on or before D, sorted.
 * @example reportedCurrencies(invoices, '2026-03-31') // ["EUR", "USD"]
 */
export function reportedCurrencies(invoices: readonly KpiInvoice[], asOf: CalendarDate): string[] {
  return [...new Set(invoices.filter((i) => i.issueDate <= asOf).map((i) => i.currency))].sort();
}
