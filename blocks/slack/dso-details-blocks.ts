import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { DsoKpis, TopOverdueCustomer } from '../../src/views/dso-view.js';
import { contextBlock, dividerBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock } from './block-kit.js';
import {
  agingFacts, agingTitle, dsoCurrencyNothing, dsoDetailsHeader, dsoDetailsSummary, dsoFootnote, dsoTopCustomers, dsoTrend, headlineKpis,
  topOverdueLines, topOverdueTitle,
} from '../wording/dso-wording.js';
import { fieldText } from './invoice-text.js';
import { listText } from './list-text.js';
import { mrkdwnMarks as md, plainTextMarks as plain } from './mrkdwn.js';

/** "`▃▄▅▆▅▇…`  Apr 38.2 · May 40.1 · …" under its title; without points, "n/a". */
export function trendText(points: readonly TrendPoint[]): string {
  const t = dsoTrend(points);
  return `*${t.title}*\n${t.chart === null ? '' : `\`${t.chart}\`  `}${t.labels}`;
}

function topOverdueText(currency: string, top: readonly TopOverdueCustomer[]): string {
  const lines = topOverdueLines(currency, top, md);
  if (lines.length === 0) return `*${topOverdueTitle}*\nnone`;
  return `*${topOverdueTitle}*\n${listText(lines, { maxItems: dsoTopCustomers, noun: ['customer', 'customers'], maxChars: 2900 })}`;
}

/** One currency's figures in full: headline KPIs, aging, the DSO trend in text and the largest overdue customers. */
export function currencyBlocks(k: CurrencyKpis, kpi: DsoKpis): KnownBlock[] {
  const trend = kpi.trend.find((t) => t.currency === k.currency)?.points ?? [];
  return [
    fieldsBlock(headlineKpis(k, md).map((f) => fieldText({ label: f.label, value: f.lines.join('\n') })), `*${k.currency}*`),
    fieldsBlock(agingFacts(k, md).map(fieldText), `*${agingTitle}*`),
    sectionBlock(trendText(trend)),
    sectionBlock(topOverdueText(k.currency, kpi.topOverdue)),
    dividerBlock(),
  ];
}

export interface DsoDetailsOptions {
  readonly asOf: CalendarDate;
  readonly segment?: string | undefined;
  readonly currency: string;
}

/**
 * A /dso summary's "Details" answer, for the person who clicked: one currency's figures as /dso printed them before
 * the summary (headline KPIs, aging, the twelve-month DSO trend, the five largest overdue customers).
 * @example buildDsoDetailsBlocks(kpi, { asOf: '2026-03-31', currency: 'EUR' })[0] // header "DSO and receivables · 2026-03-31 · EUR"
 */
export function buildDsoDetailsBlocks(kpi: DsoKpis, opts: DsoDetailsOptions): KnownBlock[] {
  const k = kpi.currencies.find((c) => c.currency === opts.currency);
  const body = k === undefined ? [sectionBlock(dsoCurrencyNothing(opts.currency, opts.asOf, md))] : currencyBlocks(k, kpi);
  return [headerBlock(dsoDetailsHeader(opts, plain)), ...body, contextBlock([dsoFootnote])];
}

/** The notification fallback of a currency's details. */
export const dsoDetailsFallbackText = (opts: DsoDetailsOptions): string => dsoDetailsSummary(opts, md);
