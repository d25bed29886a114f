import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { DsoKpis, TopOverdueCustomer } from '../../src/views/dso-view.js';

export type { DsoKpis, TopOverdueCustomer } from '../../src/views/dso-view.js';
import { dsoValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, dividerBlock, fieldsBlock, headerBlock, sectionBlock,
  type KnownBlock,
} from './block-kit.js';
import { listText } from './list-text.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { compareDecimal, groupDigits, sparkline } from './number-text.js';

export interface DsoOptions {
  readonly asOf: CalendarDate;
  readonly segment?: string | undefined;
  /** Already posted in the channel: no "Share in channel" button. */
  readonly shared: boolean;
}

export const dsoShareActionId = 'arbot.dso_share';
export const dsoTrendMonths = 6;
export const dsoTopCustomers = 5;

const segmentNames: Readonly<Record<string, string>> = { top: 'top accounts', standard: 'standard accounts', at_risk: 'accounts at risk' };
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const na = 'n/a';
const money = (amount: string, currency: string) => `${groupDigits(amount)} ${currency}`;
const days = (v: number | null) => (v === null ? na : `${v.toFixed(1)} days`);
const percent = (v: number | null) => (v === null ? na : `${(v * 100).toFixed(1)}%`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function headlineFields(k: CurrencyKpis): string[] {
  return [
    `*DSO (90 days)*\n${days(k.dso_90d)}`,
    `*Overdue share*\n${percent(k.overdue_share_count)} of invoices (${k.overdue_count} of ${k.open_count})\n${percent(k.overdue_share_amount)} of the amount (${money(k.overdue_amount, k.currency)})`,
    `*In dispute*\n${money(k.disputed_amount, k.currency)} in ${plural(k.disputed_count, 'dispute', 'disputes')}\naverage age ${days(k.avg_dispute_age_days)}`,
    `*Open receivables*\n${money(k.open_ar, k.currency)} in ${plural(k.open_count, 'invoice', 'invoices')}`,
  ];
}

function agingFields(k: CurrencyKpis): string[] {
  const a = k.aging;
  return [
    `*Not yet due*\n${money(a.current, k.currency)}`,
    `*1–30 days*\n${money(a['1_30'], k.currency)}`,
    `*31–60 days*\n${money(a['31_60'], k.currency)}`,
    `*61–90 days*\n${money(a['61_90'], k.currency)}`,
    `*Over 90 days*\n${money(a['91_plus'], k.currency)}`,
  ];
}

/** "`▃▄▅▆▅▇`  Oct 38.2 · Nov 40.1 · …" over the last six month ends; a missing DSO is a gap and "n/a". */
export function trendText(points: readonly TrendPoint[]): string {
  const shown = points.slice(-dsoTrendMonths);
  if (shown.length === 0) return `*DSO trend*\n${na}`;
  const labels = shown.map((p) => `${months[Number(p.month_end.slice(5, 7)) - 1] ?? p.month_end} ${p.dso_90d === null ? na : p.dso_90d.toFixed(1)}`);
  return `*DSO trend, last ${shown.length} month ends*\n\`${sparkline(shown.map((p) => p.dso_90d))}\`  ${labels.join(' · ')}`;
}

function topOverdueText(currency: string, top: readonly TopOverdueCustomer[]): string {
  const mine = top.filter((t) => t.currency === currency).sort((a, b) => compareDecimal(b.amount, a.amount));
  if (mine.length === 0) return '*Largest overdue customers*\nnone';
  const lines = mine.slice(0, dsoTopCustomers).map((t) =>
    `*${escapeMrkdwn(t.customerName)}* · ${money(t.amount, t.currency)} · oldest ${plural(t.daysOverdue, 'day', 'days')} overdue`);
  return `*Largest overdue customers*\n${listText(lines, { maxItems: dsoTopCustomers, noun: ['customer', 'customers'], maxChars: 2900 })}`;
}

function currencyBlocks(k: CurrencyKpis, kpi: DsoKpis): KnownBlock[] {
  const trend = kpi.trend.find((t) => t.currency === k.currency)?.points ?? [];
  return [
    fieldsBlock(headlineFields(k), `*${k.currency}*`),
    fieldsBlock(agingFields(k), '*Aging of open receivables*'),
    sectionBlock(trendText(trend)),
    sectionBlock(topOverdueText(k.currency, kpi.topOverdue)),
    dividerBlock(),
  ];
}

/**
 * The `/dso` answer: per currency (amounts are never converted or added across currencies) the three headline
 * KPIs first (DSO, overdue share by count and amount, disputes with their average age), then aging, the
 * six-month DSO trend and the five largest overdue customers. A KPI without a denominator reads "n/a".
 * Ephemeral answers carry a "Share in channel" button; the shared post does not.
 * @example buildDsoBlocks(kpi, { asOf: '2026-03-31', shared: false }).at(-1) // the share button
 */
export function buildDsoBlocks(kpi: DsoKpis, opts: DsoOptions): KnownBlock[] {
  const scope = opts.segment === undefined ? '' : ` · ${segmentNames[opts.segment] ?? opts.segment}`;
  const tail: KnownBlock[] = [
    contextBlock(['Per currency, never converted or added across currencies. DSO = open receivables ÷ sales of the last 90 days × 90.']),
    ...(opts.shared ? [] : [actionsBlock([
      button({ text: 'Share in channel', actionId: dsoShareActionId, value: dsoValue(opts.asOf, opts.segment) }),
    ], 'arbot.dso_actions')]),
  ];
  const head: KnownBlock[] = [headerBlock(`DSO and receivables · ${opts.asOf}${scope}`)];
  if (kpi.currencies.length === 0) {
    return [...head, sectionBlock(`No open receivables and no sales in the last 90 days as of ${escapeMrkdwn(opts.asOf)}.`), ...tail];
  }
  // Whole currencies only: a currency shown without its trend or customers would mislead.
  const budget = blockKitLimits.messageBlocks - head.length - tail.length - 1;
  const body: KnownBlock[] = [];
  let shown = 0;
  for (const k of kpi.currencies) {
    const blocks = currencyBlocks(k, kpi);
    if (body.length + blocks.length > budget) break;
    body.push(...blocks);
    shown++;
  }
  const hidden = kpi.currencies.length - shown;
  const more = hidden === 0 ? [] : [contextBlock([`…and ${plural(hidden, 'more currency', 'more currencies')} not shown.`])];
  return [...head, ...body, ...more, ...tail];
}

/** The notification fallback of a /dso answer. */
export function dsoFallbackText(opts: Pick<DsoOptions, 'asOf' | 'segment'>): string {
  return `DSO and receivables as of ${opts.asOf}${opts.segment === undefined ? '' : ` (${segmentNames[opts.segment] ?? escapeMrkdwn(opts.segment)})`}`;
}
