import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import { addDaysToDate } from '../../../src/domain/calendar-date.js';
import { countbackPeriods, minusMonths } from '../../../src/domain/kpi/calendar-months.js';
import { ceiStart } from '../../../src/domain/kpi/collection-effectiveness.js';
import { COUNTBACK_PERIODS } from '../../../src/domain/kpi/countback-dso.js';
import type { KpiTotals } from '../../../src/domain/kpi/kpi-totals.js';
import { computeDisputeTotals } from './disputed-receivables.js';
import type { KpiInvoice } from './kpi-ledger.js';
import { computeOpenTotals } from './open-receivables.js';
import { computePaidTotals } from './paid-invoices.js';
import { salesBetween } from './sales.js';

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
