import type { CalendarDate } from '../domain/calendar-date.js';
import type { KpiTotals } from '../domain/kpi/kpi-totals.js';
import type { TrendTotals } from '../domain/kpi/kpi-trend.js';

/** Which invoices a KPI query covers: all, or one currency, and/or the customers of one segment (as they are now). */
export interface KpiScope {
  readonly currency?: string | undefined;
  readonly segment?: string | undefined;
}

/** Breakdowns: by the customer's segment, or by the customer's sales owner. */
export type KpiGrouping = 'segment' | 'sales_owner';

/** KPI totals of one group: `key` is the segment, or the sales owner's email (null: customers without one). */
export interface GroupTotals {
  readonly key: string | null;
  readonly totals: readonly KpiTotals[];
}

export interface CurrencyTrend {
  readonly currency: string;
  readonly points: readonly TrendTotals[];
}

/** One customer's overdue money in one currency at a date. */
export interface OverdueCustomerTotals {
  readonly customerName: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** Days overdue of its oldest overdue invoice. */
  readonly daysOverdue: number;
}

/** Where KPI totals come from. The Postgres adapter aggregates in SQL; nothing loads invoices one by one. */
export interface KpiStore {
  /** Totals per currency at `asOf` (one group with key null when `groupBy` is not given). */
  totals(asOf: CalendarDate, scope: KpiScope, groupBy?: KpiGrouping): Promise<GroupTotals[]>;
  /** Open AR, overdue amount and 90-day sales per currency at each of `monthEnds` (oldest first). */
  trend(monthEnds: readonly CalendarDate[], scope: KpiScope): Promise<CurrencyTrend[]>;
  /** The `limit` customers with the most overdue money at `asOf`, per currency, largest first. */
  topOverdue(asOf: CalendarDate, scope: KpiScope, limit: number): Promise<OverdueCustomerTotals[]>;
}
