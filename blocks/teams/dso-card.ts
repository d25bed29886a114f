import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import type { DsoKpis } from '../../src/views/dso-view.js';
import {
  agingFacts, agingTitle, dsoFootnote, dsoHeader, dsoMoreCurrencies, dsoNothing, dsoSummary, dsoTopCustomers, dsoTrend, headlineKpis,
  topOverdueLines, topOverdueTitle,
} from '../wording/dso-wording.js';
import { adaptiveCard, cardBytes, factSet, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type Container, type TeamsCard } from './adaptive-card.js';
import { factPairs } from './invoice-text.js';
import { listText } from './list-text.js';
import { escapeTeamsMarkdown, teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// The /dso answer as a card; the words and figures are blocks/wording/dso-wording.ts, as on Slack.

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
 * The `@arbot dso` answer, the same content as Slack's `/dso`: per currency (never converted or added across
 * currencies) the headline KPIs (DSO, overdue share by count and amount, disputes with their average age), then
 * aging, the six-month DSO trend and the five largest overdue customers. Whole currencies only, as many as fit
 * Teams' message size.
 */
export function buildDsoCard(kpi: DsoKpis, opts: { asOf: CalendarDate; segment?: string | undefined }): TeamsCard {
  const head: CardElement[] = [headerBlock(dsoHeader(opts, md))];
  const tail = noteBlock(dsoFootnote);
  const summary = dsoSummary(opts, plain);
  const build = (body: CardElement[]) => adaptiveCard([...head, ...body, tail], { fallbackText: summary });
  if (kpi.currencies.length === 0) {
    return { card: build([textBlock(dsoNothing(opts.asOf, md))]), summary };
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
  if (hidden > 0) body.push(noteBlock(dsoMoreCurrencies(hidden)));
  return { card: build(body), summary };
}
