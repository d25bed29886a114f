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
import {
  agingFacts, agingTitle, dsoFootnote, dsoHeader, dsoMoreCurrencies, dsoNothing, dsoSummary, dsoTopCustomers, dsoTrend, headlineKpis,
  topOverdueLines, topOverdueTitle,
} from '../wording/dso-wording.js';
import { fieldText } from './invoice-text.js';
import { listText } from './list-text.js';
import { mrkdwnMarks as md, plainTextMarks as plain } from './mrkdwn.js';

export interface DsoOptions {
  readonly asOf: CalendarDate;
  readonly segment?: string | undefined;
  /** Already posted in the channel: no "Share in channel" button. */
  readonly shared: boolean;
}

export const dsoShareActionId = 'arbot.dso_share';

/** "`▃▄▅▆▅▇`  Oct 38.2 · Nov 40.1 · …" under its title; without points, "n/a". */
export function trendText(points: readonly TrendPoint[]): string {
  const t = dsoTrend(points);
  return `*${t.title}*\n${t.chart === null ? '' : `\`${t.chart}\`  `}${t.labels}`;
}

function topOverdueText(currency: string, top: readonly TopOverdueCustomer[]): string {
  const lines = topOverdueLines(currency, top, md);
  if (lines.length === 0) return `*${topOverdueTitle}*\nnone`;
  return `*${topOverdueTitle}*\n${listText(lines, { maxItems: dsoTopCustomers, noun: ['customer', 'customers'], maxChars: 2900 })}`;
}

function currencyBlocks(k: CurrencyKpis, kpi: DsoKpis): KnownBlock[] {
  const trend = kpi.trend.find((t) => t.currency === k.currency)?.points ?? [];
  return [
    fieldsBlock(headlineKpis(k, md).map((f) => fieldText({ label: f.label, value: f.lines.join('\n') })), `*${k.currency}*`),
    fieldsBlock(agingFacts(k, md).map(fieldText), `*${agingTitle}*`),
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
  const tail: KnownBlock[] = [
    contextBlock([dsoFootnote]),
    ...(opts.shared ? [] : [actionsBlock([
      button({ text: 'Share in channel', actionId: dsoShareActionId, value: dsoValue(opts.asOf, opts.segment) }),
    ], 'arbot.dso_actions')]),
  ];
  const head: KnownBlock[] = [headerBlock(dsoHeader(opts, plain))];
  if (kpi.currencies.length === 0) {
    return [...head, sectionBlock(dsoNothing(opts.asOf, md)), ...tail];
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
  const more = hidden === 0 ? [] : [contextBlock([dsoMoreCurrencies(hidden)])];
  return [...head, ...body, ...more, ...tail];
}

/** The notification fallback of a /dso answer. */
export const dsoFallbackText = (opts: Pick<DsoOptions, 'asOf' | 'segment'>): string => dsoSummary(opts, md);
