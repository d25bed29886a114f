import type { CalendarDate } from '../../domain/calendar-date.js';
import { dateInZone } from '../../domain/calendar-date.js';
import type { ChartSpec } from '../../domain/charts/chart-spec.js';
import { chartUrl, isValidChartSpec } from '../../domain/charts/chart-token.js';
import { formatAmount } from '../../domain/money.js';
import type { LinkSecret } from '../../domain/signed-id-token.js';
import type { DsoKpis } from '../../views/dso-view.js';
import { monthEndsThrough } from '../../domain/kpi/calendar-months.js';
import { buildTrendPoint, TREND_MONTHS } from '../../domain/kpi/kpi-trend.js';
import { computeKpis, type KpiDeps } from '../compute-kpis.js';

/** Customers listed under "largest overdue" per currency. */
export const topOverdueCustomers = 5;
/** Month ends of the trend /dso shows (only these are computed): the chart's 12, so its alt text states what it draws. */
export const dsoTrendMonths = TREND_MONTHS;

/** Where chat images load charts from: PUBLIC_BASE_URL (null: nothing outside can load them) and the link secret. */
export interface ChartLinks {
  readonly publicBaseUrl: string | null;
  readonly secret: LinkSecret;
}

/**
 * What `/dso` (Slack) and `@arbot dso` (Teams) show: the KPIs per currency at `asOf` (today in the company's
 * zone when null), their monthly trend and the largest overdue customers, for all customers or one segment, and
 * for every currency or one (`currency`: its "Details" button).
 */
export async function dsoReport(
  deps: KpiDeps, request: { asOf: CalendarDate | null; segment: string | null; currency?: string | null },
): Promise<DsoKpis & { asOf: CalendarDate }> {
  const asOf = request.asOf ?? dateInZone(deps.now(), deps.zone);
  const scope = {
    ...(request.segment === null ? {} : { segment: request.segment }),
    ...(request.currency == null ? {} : { currency: request.currency }),
  };
  // Three independent reads: on a server they run on three connections at once (/dso must answer quickly).
  const [report, trend, top] = await Promise.all([
    computeKpis(deps, { asOf, ...scope }),
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

/**
 * The URL of the /dso summary's chart: the 12-month DSO and overdue trend of every currency, as of the report's
 * date, for its segment. Null without links or PUBLIC_BASE_URL, or for a spec no chart draws (the chat shows text).
 * @example dsoChartUrl({ publicBaseUrl: 'https://ar.example.com', secret }, '2026-03-31', 'top', now) // "https://ar.example.com/charts/….png"
 */
export function dsoChartUrl(links: ChartLinks | null, asOf: CalendarDate, segment: string | null, now: Date): string | null {
  const spec: ChartSpec = { kind: 'trend', asOf, segment, currency: null };
  if (links === null || !isValidChartSpec(spec)) return null;
  return chartUrl(links.publicBaseUrl, links.secret, spec, now);
}
