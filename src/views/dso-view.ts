import type { CurrencyKpis } from '../domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../domain/kpi/kpi-trend.js';

/** One of the largest overdue customers (per currency, largest overdue amount first). */
export interface TopOverdueCustomer {
  readonly customerName: string;
  /** Decimal string in the currency's units, like the KPI amounts: "12000.00". */
  readonly amount: string;
  readonly currency: string;
  /** Days overdue of the customer's oldest overdue invoice. */
  readonly daysOverdue: number;
}

/** What `/dso` shows: the KPI report's currencies, the KPI trend's points, and the top overdue customers. */
export interface DsoKpis {
  readonly currencies: readonly CurrencyKpis[];
  /** Per currency, month ends oldest first (the /dso report computes twelve, the chart's months). */
  readonly trend: readonly { readonly currency: string; readonly points: readonly TrendPoint[] }[];
  readonly topOverdue: readonly TopOverdueCustomer[];
}
