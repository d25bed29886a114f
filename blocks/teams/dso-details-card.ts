import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { DsoKpis } from '../../src/views/dso-view.js';
import {
  agingFacts, agingTitle, dsoCurrencyNothing, dsoDetailsHeader, dsoDetailsSummary, dsoFootnote, dsoTopCustomers, dsoTrend, headlineKpis,
  topOverdueLines, topOverdueTitle,
} from '../wording/dso-wording.js';
import { adaptiveCard, factSet, headerBlock, noteBlock, textBlock, type Container, type TeamsCard } from './adaptive-card.js';
import { factPairs } from './invoice-text.js';
import { listText } from './list-text.js';
import { escapeTeamsMarkdown, teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// One currency of the /dso answer in full, as a card; the words and figures are blocks/wording/dso-wording.ts.

function trendText(points: readonly TrendPoint[]): string {
  const t = dsoTrend(points);
  return `**${t.title}**\n\n${t.chart === null ? '' : `${t.chart}  `}${t.labels}`;
}

function topOverdueText(currency: string, kpi: DsoKpis): string {
  const lines = topOverdueLines(currency, kpi.topOverdue, md);
  if (lines.length === 0) return `**${topOverdueTitle}**\n\nnone`;
  return `**${topOverdueTitle}**\n\n${listText(lines, { maxItems: dsoTopCustomers, noun: ['customer', 'customers'] })}`;
}

function currencyBlock(k: CurrencyKpis, kpi: DsoKpis): Container {
  return {
    type: 'Container',
    separator: true,
    items: [
      textBlock(`**${escapeTeamsMarkdown(k.currency)}**`, { size: 'Medium' }),
      // A fact is one line: the KPI's lines follow each other, separated by commas.
      factSet(headlineKpis(k, md).map((f) => [f.label, f.lines.join(', ')])),
      textBlock(md.strong(agingTitle)),
      factSet(factPairs(agingFacts(k, md))),
      textBlock(trendText(kpi.trend.find((t) => t.currency === k.currency)?.points ?? [])),
      textBlock(topOverdueText(k.currency, kpi)),
    ],
  };
}

/**
 * A /dso summary's "Details" answer on Teams (it replaces the clicked card for the clicker only), the same content as
 * Slack's: one currency's headline KPIs, aging, the twelve-month DSO trend and the five largest overdue customers.
 */
export function buildDsoDetailsCard(kpi: DsoKpis, opts: { asOf: CalendarDate; segment?: string | undefined; currency: string }): TeamsCard {
  const k = kpi.currencies.find((c) => c.currency === opts.currency);
  const summary = dsoDetailsSummary(opts, plain);
  const body = k === undefined ? textBlock(dsoCurrencyNothing(opts.currency, opts.asOf, md)) : currencyBlock(k, kpi);
  return { card: adaptiveCard([headerBlock(dsoDetailsHeader(opts, md)), body, noteBlock(dsoFootnote)], { fallbackText: summary }), summary };
}
