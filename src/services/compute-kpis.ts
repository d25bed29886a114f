import type { CalendarDate } from '../domain/calendar-date.js';
import { dateInZone } from '../domain/calendar-date.js';
import { monthEndsThrough } from '../domain/kpi/calendar-months.js';
import { buildCurrencyKpis, type CurrencyKpis } from '../domain/kpi/currency-kpis.js';
import type { KpiRequest } from '../domain/kpi/kpi-request.js';
import { buildTrendPoint, TREND_MONTHS, type TrendPoint } from '../domain/kpi/kpi-trend.js';
import type { KpiGrouping, KpiScope, KpiStore } from '../ports/kpi-store.js';

/** The KPI answer of `arbot kpi --json` and `GET /api/v1/kpi`. */
export interface KpiReport {
  readonly as_of: CalendarDate;
  readonly currencies: readonly CurrencyKpis[];
}

export interface KpiTrendReport {
  readonly as_of: CalendarDate;
  readonly currencies: readonly { readonly currency: string; readonly points: readonly TrendPoint[] }[];
}

export interface KpiBreakdownReport {
  readonly as_of: CalendarDate;
  readonly by: KpiGrouping;
  /** `key`: the segment, or the sales owner's email (null: customers without a sales owner). */
  readonly groups: readonly { readonly key: string | null; readonly currencies: readonly CurrencyKpis[] }[];
}

export interface KpiDeps {
  readonly store: KpiStore;
  /** COMPANY_TIMEZONE: "today" when no date is asked for. */
  readonly zone: string;
  readonly now: () => Date;
}

const asOfOf = (deps: KpiDeps, request: KpiRequest) => request.asOf ?? dateInZone(deps.now(), deps.zone);
const scopeOf = (request: KpiRequest): KpiScope => ({ currency: request.currency, segment: request.segment });

/** Every KPI per currency as of a date (today in the company's zone by default). */
export async function computeKpis(deps: KpiDeps, request: KpiRequest): Promise<KpiReport> {
  const asOf = asOfOf(deps, request);
  const [all] = await deps.store.totals(asOf, scopeOf(request));
  return { as_of: asOf, currencies: (all?.totals ?? []).map((t) => buildCurrencyKpis(t, asOf)) };
}

/** dso_90d and overdue_share_amount at each of the last 12 month ends on or before the date, per currency. */
export async function computeKpiTrend(deps: KpiDeps, request: KpiRequest): Promise<KpiTrendReport> {
  const asOf = asOfOf(deps, request);
  const trend = await deps.store.trend(monthEndsThrough(asOf, TREND_MONTHS), scopeOf(request));
  return { as_of: asOf, currencies: trend.map((c) => ({ currency: c.currency, points: c.points.map(buildTrendPoint) })) };
}

/** Every KPI per currency for each segment, or for each sales owner's customers. */
export async function computeKpiBreakdown(deps: KpiDeps, request: KpiRequest, by: KpiGrouping): Promise<KpiBreakdownReport> {
  const asOf = asOfOf(deps, request);
  const groups = await deps.store.totals(asOf, scopeOf(request), by);
  return {
    as_of: asOf,
    by,
    groups: groups.map((g) => ({ key: g.key, currencies: g.totals.map((t) => buildCurrencyKpis(t, asOf)) })),
  };
}
