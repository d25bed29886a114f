import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { DsoKpis } from '../../src/views/dso-view.js';
import { compareDecimal, groupDigits, sparkline } from '../slack/number-text.js';
import { adaptiveCard, cardBytes, factSet, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type Container, type TeamsCard } from './adaptive-card.js';
import { listText } from './invoice-text.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

/** Month ends shown in the trend, and largest overdue customers listed, per currency (as on Slack). */
export const dsoTrendMonths = 6;
export const dsoTopCustomers = 5;

const segmentNames: Readonly<Record<string, string>> = { top: 'top accounts', standard: 'standard accounts', at_risk: 'accounts at risk' };
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const na = 'n/a';
const money = (amount: string, currency: string) => `${groupDigits(amount)} ${escapeTeamsMarkdown(currency)}`;
const days = (v: number | null) => (v === null ? na : `${v.toFixed(1)} days`);
const percent = (v: number | null) => (v === null ? na : `${(v * 100).toFixed(1)}%`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function trendText(points: readonly TrendPoint[]): string {
  const shown = points.slice(-dsoTrendMonths);
  if (shown.length === 0) return `**DSO trend**\n\n${na}`;
  const labels = shown.map((p) => `${months[Number(p.month_end.slice(5, 7)) - 1] ?? p.month_end} ${p.dso_90d === null ? na : p.dso_90d.toFixed(1)}`);
  return `**DSO trend, last ${shown.length} month ends**\n\n${sparkline(shown.map((p) => p.dso_90d))}  ${labels.join(' · ')}`;
}

function topOverdueText(currency: string, kpi: DsoKpis): string {
  const mine = kpi.topOverdue.filter((t) => t.currency === currency).sort((a, b) => compareDecimal(b.amount, a.amount));
  if (mine.length === 0) return '**Largest overdue customers**\n\nnone';
  const lines = mine.slice(0, dsoTopCustomers).map((t) =>
    `${bold(t.customerName)} · ${money(t.amount, t.currency)} · oldest ${plural(t.daysOverdue, 'day', 'days')} overdue`);
  return `**Largest overdue customers**\n\n${listText(lines, { maxItems: dsoTopCustomers, noun: ['customer', 'customers'] })}`;
}

function currencyBlock(k: CurrencyKpis, kpi: DsoKpis): Container {
  const a = k.aging;
  return {
    type: 'Container',
    separator: true,
    items: [
      textBlock(`**${escapeTeamsMarkdown(k.currency)}**`, { size: 'Medium' }),
      factSet([
        ['DSO (90 days)', days(k.dso_90d)],
        ['Overdue share', `${percent(k.overdue_share_count)} of invoices (${k.overdue_count} of ${k.open_count}), ${percent(k.overdue_share_amount)} of the amount (${money(k.overdue_amount, k.currency)})`],
        ['In dispute', `${money(k.disputed_amount, k.currency)} in ${plural(k.disputed_count, 'dispute', 'disputes')}, average age ${days(k.avg_dispute_age_days)}`],
        ['Open receivables', `${money(k.open_ar, k.currency)} in ${plural(k.open_count, 'invoice', 'invoices')}`],
      ]),
      textBlock('**Aging of open receivables**'),
      factSet([
        ['Not yet due', money(a.current, k.currency)],
        ['1–30 days', money(a['1_30'], k.currency)],
        ['31–60 days', money(a['31_60'], k.currency)],
        ['61–90 days', money(a['61_90'], k.currency)],
        ['Over 90 days', money(a['91_plus'], k.currency)],
      ]),
      textBlock(trendText(kpi.trend.find((t) => t.currency === k.currency)?.points ?? [])),
      textBlock(topOverdueText(k.currency, kpi)),
    ],
  };
}

/**
 * The `@arbot dso` answer, the same content as Slack's `/dso`: per currency (never converted or added across
 * currencies) the headline KPIs (DSO, overdue share by count and amount, disputes with their average age), then
 * aging, the six-month DSO trend and the five largest overdue customers. Whole currencies only, as many as fit
 * Teams' message size.
 */
export function buildDsoCard(kpi: DsoKpis, opts: { asOf: CalendarDate; segment?: string | undefined }): TeamsCard {
  const scope = opts.segment === undefined ? '' : ` · ${segmentNames[opts.segment] ?? escapeTeamsMarkdown(opts.segment)}`;
  const head: CardElement[] = [headerBlock(`DSO and receivables · ${opts.asOf}${scope}`)];
  const tail = noteBlock('Per currency, never converted or added across currencies. DSO = open receivables ÷ sales of the last 90 days × 90.');
  const summary = `DSO and receivables as of ${opts.asOf}${opts.segment === undefined ? '' : ` (${segmentNames[opts.segment] ?? opts.segment})`}`;
  const build = (body: CardElement[]) => adaptiveCard([...head, ...body, tail], { fallbackText: summary });
  if (kpi.currencies.length === 0) {
    return { card: build([textBlock(`No open receivables and no sales in the last 90 days as of ${escapeTeamsMarkdown(opts.asOf)}.`)]), summary };
  }
  const body: CardElement[] = [];
  let shown = 0;
  for (const k of kpi.currencies) {
    const next = [...body, currencyBlock(k, kpi)];
    if (cardBytes(build(next)) > teamsCardLimits.payloadBytes - 200) break;
    body.push(currencyBlock(k, kpi));
    shown++;
  }
  const hidden = kpi.currencies.length - shown;
  if (hidden > 0) body.push(noteBlock(`…and ${plural(hidden, 'more currency', 'more currencies')} not shown.`));
  return { card: build(body), summary };
}
