import type { CalendarDate } from '../../domain/calendar-date.js';
import { dateInZone } from '../../domain/calendar-date.js';
import { formatAmount } from '../../domain/money.js';
import type { DsoKpis } from '../../views/dso-view.js';
import { monthEndsThrough } from '../../domain/kpi/calendar-months.js';
import { buildTrendPoint } from '../../domain/kpi/kpi-trend.js';
import { computeKpis, type KpiDeps } from '../compute-kpis.js';

/** Customers listed under "largest overdue" per currency. */
export const topOverdueCustomers = 5;
/** Month ends of the trend /dso shows (only these are computed). */
export const dsoTrendMonths = 6;

/**
 * What `/dso` (Slack) and `@arbot dso` (Teams) show: the KPIs per currency at `asOf` (today in the company's
 * zone when null), their monthly trend and the largest overdue customers, for all customers or one segment.
 */
export async function dsoReport(deps: KpiDeps, request: { asOf: CalendarDate | null; segment: string | null }): Promise<DsoKpis & { asOf: CalendarDate }> {
  const asOf = request.asOf ?? dateInZone(deps.now(), deps.zone);
  const kpiRequest = { asOf, ...(request.segment === null ? {} : { segment: request.segment }) };
  const scope = request.segment === null ? {} : { segment: request.segment };
  // Three independent reads: on a server they run on three connections at once (/dso must answer quickly).
  const [report, trend, top] = await Promise.all([
    computeKpis(deps, kpiRequest),
    deps.store.trend(monthEndsThrough(asOf, dsoTrendMonths), scope),
    deps.store.topOverdue(asOf, scope, topOverdueCustomers),
  ]);
  return {
    asOf,
    currencies: report.currencies,
    trend: trend.map((c) => ({ currency: c.currency, points: c.points.map(buildTrendPoint) })),
    topOverdue: top.map((t) => ({
      customerName: t.customerName, currency: t.currency, amount: formatAmount(t.amountMinor, t.currency), daysOverdue: t.daysOverdue,
    })),
  };
}
