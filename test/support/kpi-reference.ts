import { buildCurrencyKpis, type CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { KpiTotals } from '../../src/domain/kpi/kpi-totals.js';
import type { KpiInvoice } from './kpi-oracle/kpi-ledger.js';
import { computeKpiTotals, reportedCurrencies } from './kpi-oracle/kpi-totals.js';

/** The pure reference: KPI totals per reported currency, straight from the definitions. */
export function referenceTotals(invoices: readonly KpiInvoice[], asOf: string): KpiTotals[] {
  return reportedCurrencies(invoices, asOf).map((c) => computeKpiTotals(invoices, c, asOf));
}

export function referenceKpis(invoices: readonly KpiInvoice[], asOf: string): CurrencyKpis[] {
  return referenceTotals(invoices, asOf).map((t) => buildCurrencyKpis(t, asOf));
}

/** Totals comparable between SQL and the reference: SQL reads only the countback periods the walk needs. */
export function comparable(t: KpiTotals, periods: number): Omit<KpiTotals, 'countbackSales'> & { countbackSales: bigint[] } {
  return { ...t, countbackSales: t.countbackSales.slice(0, periods) };
}
