import type { ChartSpec } from '../../src/domain/charts/chart-spec.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { AgingTotals } from '../../src/domain/kpi/open-receivables.js';
import { parseAmount } from '../../src/domain/money.js';
import type { AgingChartData } from './aging-chart-svg.js';
import type { TrendChartData } from './trend-chart-svg.js';

/** What computeKpiTrend reports (`KpiTrendReport`), read here without importing the service. */
export interface TrendReportLike {
  readonly currencies: readonly { readonly currency: string; readonly points: readonly TrendPoint[] }[];
}

/**
 * The trend chart of a spec from computeKpiTrend's report (already narrowed to the spec's currency and segment).
 * @example trendChartData(spec, await computeKpiTrend(deps, { asOf: spec.asOf })) // { asOf, segment, currency, series }
 */
export function trendChartData(spec: ChartSpec, report: TrendReportLike): TrendChartData {
  return { asOf: spec.asOf, segment: spec.segment, currency: spec.currency, series: report.currencies };
}

const zero: AgingTotals = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_plus: 0n };

/** A KPI amount ("1234.50") back in minor units: exact, it was written by formatAmount for this currency. */
function minor(amount: string, currency: string): bigint {
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw new RangeError(`not a ${currency} amount: ${amount}`);
  return parsed.minor;
}

/**
 * The aging chart of a spec from computeKpis' report; a currency with nothing open is all zero.
 * @example agingChartData(spec, await computeKpis(deps, { asOf: spec.asOf, currency: 'EUR' })).aging.d1_30 // 300000n
 */
export function agingChartData(spec: ChartSpec & { currency: string }, report: { readonly currencies: readonly CurrencyKpis[] }): AgingChartData {
  const kpis: CurrencyKpis | undefined = report.currencies.find((c) => c.currency === spec.currency);
  const a = kpis?.aging;
  const c = spec.currency;
  return {
    asOf: spec.asOf,
    segment: spec.segment,
    currency: c,
    aging: a ? {
      current: minor(a.current, c), d1_30: minor(a['1_30'], c), d31_60: minor(a['31_60'], c),
      d61_90: minor(a['61_90'], c), d91_plus: minor(a['91_plus'], c),
    } : zero,
  };
}
