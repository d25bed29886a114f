import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import { dsoMonthMove } from '../../src/domain/kpi/dso-month-move.js';
import { TREND_MONTHS, type TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { TopOverdueCustomer } from '../../src/views/dso-view.js';
import type { Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';
import { compareDecimal, daysText, moneyText, na, percentText, plural, sparkline } from './number-text.js';

// The words and figures of the /dso answer, per currency (amounts are never converted or added across currencies).
// Each surface lays them out: Slack as section fields, Teams as facts in a container.

/** Month ends shown in the trend (the chart's twelve), and largest overdue customers listed, per currency. */
export const dsoTrendMonths = TREND_MONTHS;
export const dsoTopCustomers = 5;

const segmentNames: Readonly<Record<string, string>> = { top: 'top accounts', standard: 'standard accounts', at_risk: 'accounts at risk' };
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Scope { readonly asOf: CalendarDate; readonly segment?: string | undefined }

const segmentName = (segment: string, m: Marks) => segmentNames[segment] ?? m.esc(segment);

/** "DSO and receivables · 2026-03-31 · top accounts" */
export const dsoHeader = (s: Scope, m: Marks): string =>
  `DSO and receivables · ${s.asOf}${s.segment === undefined ? '' : ` · ${segmentName(s.segment, m)}`}`;

/** The notification line: "DSO and receivables as of 2026-03-31 (top accounts)". */
export const dsoSummary = (s: Scope, m: Marks): string =>
  `DSO and receivables as of ${s.asOf}${s.segment === undefined ? '' : ` (${segmentName(s.segment, m)})`}`;

/** The title of one currency's details: "DSO and receivables · 2026-03-31 · top accounts · EUR". */
export const dsoDetailsHeader = (s: Scope & { readonly currency: string }, m: Marks): string => `${dsoHeader(s, m)} · ${m.esc(s.currency)}`;

/** The notification line of one currency's details. */
export const dsoDetailsSummary = (s: Scope & { readonly currency: string }, m: Marks): string => `${dsoSummary(s, m)}: ${m.esc(s.currency)} in detail`;

/** The button beside each currency of the summary that shows its details. */
export const dsoDetailsLabel = 'Details';

/** A currency's details asked for when nothing is left in it (paid since, or another segment). */
export const dsoCurrencyNothing = (currency: string, asOf: string, m: Marks): string =>
  `No open ${m.esc(currency)} receivables and no ${m.esc(currency)} sales in the last 90 days as of ${m.esc(asOf)}.`;

export const dsoNothing = (asOf: string, m: Marks): string => `No open receivables and no sales in the last 90 days as of ${m.esc(asOf)}.`;

export const dsoFootnote = 'Per currency, never converted or added across currencies. DSO = open receivables ÷ sales of the last 90 days × 90.';

export const dsoMoreCurrencies = (hidden: number): string => `…and ${plural(hidden, 'more currency', 'more currencies')} not shown.`;

/** "up 1.4 days since end of Feb", "unchanged since…", or "not comparable with end of Feb" (no sales now or then). */
function moveText(k: CurrencyKpis, trend: readonly TrendPoint[], asOf: CalendarDate): string {
  const move = dsoMonthMove(asOf, k.dso_90d, trend);
  const month = `end of ${months[Number(move.since.slice(5, 7)) - 1]}`;
  if (move.days === null) return `not comparable with ${month}`;
  const size = Math.abs(move.days).toFixed(1);
  if (size === '0.0') return `unchanged since ${month}`;
  return `${move.days > 0 ? 'up' : 'down'} ${size} days since ${month}`;
}

/**
 * One currency of the summary, in one line: DSO and its move since the end of last month, the overdue share of the
 * amount, and the money in dispute with its average age.
 * @example dsoCurrencyLine(eur, eurTrend, '2026-03-31', md)
 * // "*EUR*: DSO 41.3 days (up 1.4 days since end of Feb) · 31.2% of the amount overdue · 30,000.00 EUR in 4 disputes, average age 6.5 days"
 */
export function dsoCurrencyLine(k: CurrencyKpis, trend: readonly TrendPoint[], asOf: CalendarDate, m: Marks): string {
  const money = (amount: string) => moneyText(amount, m.esc(k.currency));
  const disputes = k.disputed_count === 0 ? 'nothing in dispute'
    : `${money(k.disputed_amount)} in ${plural(k.disputed_count, 'dispute', 'disputes')}, average age ${daysText(k.avg_dispute_age_days)}`;
  return `${m.bold(k.currency)}: DSO ${daysText(k.dso_90d)} (${moveText(k, trend, asOf)}) · ${percentText(k.overdue_share_amount)} of the amount overdue · ${disputes}`;
}

/** A KPI with its lines: Slack stacks them, Teams writes them on one line. */
export interface KpiFact {
  readonly label: string;
  readonly lines: readonly string[];
}

/** The headline KPIs: DSO, overdue share by count and amount, disputes with their average age, open receivables. */
export function headlineKpis(k: CurrencyKpis, m: Marks): KpiFact[] {
  const money = (amount: string) => moneyText(amount, m.esc(k.currency));
  return [
    { label: 'DSO (90 days)', lines: [daysText(k.dso_90d)] },
    {
      label: 'Overdue share',
      lines: [
        `${percentText(k.overdue_share_count)} of invoices (${k.overdue_count} of ${k.open_count})`,
        `${percentText(k.overdue_share_amount)} of the amount (${money(k.overdue_amount)})`,
      ],
    },
    { label: 'In dispute', lines: [`${money(k.disputed_amount)} in ${plural(k.disputed_count, 'dispute', 'disputes')}`, `average age ${daysText(k.avg_dispute_age_days)}`] },
    { label: 'Open receivables', lines: [`${money(k.open_ar)} in ${plural(k.open_count, 'invoice', 'invoices')}`] },
  ];
}

export const agingTitle = 'Aging of open receivables';

export function agingFacts(k: CurrencyKpis, m: Marks): Fact[] {
  const money = (amount: string) => moneyText(amount, m.esc(k.currency));
  const a = k.aging;
  return [
    { label: 'Not yet due', value: money(a.current) },
    { label: '1–30 days', value: money(a['1_30']) },
    { label: '31–60 days', value: money(a['31_60']) },
    { label: '61–90 days', value: money(a['61_90']) },
    { label: 'Over 90 days', value: money(a['91_plus']) },
  ];
}

/**
 * The DSO of the last twelve month ends: a title, a one-line chart (null without points) and "Oct 38.2 · Nov 40.1 · …";
 * a missing DSO is a gap in the chart and "n/a".
 */
export function dsoTrend(points: readonly TrendPoint[]): { title: string; chart: string | null; labels: string } {
  const shown = points.slice(-dsoTrendMonths);
  if (shown.length === 0) return { title: 'DSO trend', chart: null, labels: na };
  const labels = shown.map((p) => `${months[Number(p.month_end.slice(5, 7)) - 1] ?? p.month_end} ${p.dso_90d === null ? na : p.dso_90d.toFixed(1)}`);
  return { title: `DSO trend, last ${shown.length} month ends`, chart: sparkline(shown.map((p) => p.dso_90d)), labels: labels.join(' · ') };
}

export const topOverdueTitle = 'Largest overdue customers';

/** The largest overdue customers in one currency, largest first: "Acme · 12,000.00 EUR · oldest 40 days overdue". */
export function topOverdueLines(currency: string, top: readonly TopOverdueCustomer[], m: Marks): string[] {
  const mine = top.filter((t) => t.currency === currency).sort((a, b) => compareDecimal(b.amount, a.amount));
  return mine.slice(0, dsoTopCustomers).map((t) =>
    `${m.bold(t.customerName)} · ${moneyText(t.amount, m.esc(t.currency))} · oldest ${plural(t.daysOverdue, 'day', 'days')} overdue`);
}
