import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { commandActionIds } from '../../src/chat/chat-action.js';
import { teamsImageLimits } from '../../src/domain/charts/chart-limits.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { DsoKpis } from '../../src/views/dso-view.js';
import { trendAltText } from '../charts/chart-alt-text.js';
import { dsoCurrencyLine, dsoDetailsLabel, dsoFootnote, dsoHeader, dsoMoreCurrencies, dsoNothing, dsoSummary } from '../wording/dso-wording.js';
import {
  actionSet, adaptiveCard, cardBytes, execute, headerBlock, noteBlock, teamsCardLimits, textBlock,
  type CardElement, type Container, type ImageElement, type TeamsCard,
} from './adaptive-card.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// The /dso answer as a card, summary first; the words and figures are blocks/wording/dso-wording.ts, as on Slack.

export interface DsoCardOptions {
  readonly asOf: CalendarDate;
  readonly segment?: string | undefined;
  /** The 12-month trend chart; null without PUBLIC_BASE_URL: the text only. */
  readonly chartUrl?: string | null | undefined;
}

/** The chart as a card image: Teams loads only HTTPS images, so any other URL gives no image. */
export function trendImage(kpi: DsoKpis, opts: DsoCardOptions): ImageElement | null {
  if (!opts.chartUrl || new URL(opts.chartUrl).protocol !== teamsImageLimits.protocol) return null;
  const altText = trendAltText({ asOf: opts.asOf, segment: opts.segment ?? null, currency: null, series: kpi.trend });
  return { type: 'Image', url: opts.chartUrl, altText, size: 'Stretch' };
}

function currencyLine(k: CurrencyKpis, kpi: DsoKpis, opts: DsoCardOptions): Container {
  const trend = kpi.trend.find((t) => t.currency === k.currency)?.points ?? [];
  const data = { asof: opts.asOf, ...(opts.segment === undefined ? {} : { seg: opts.segment }), cur: k.currency };
  return {
    type: 'Container',
    separator: true,
    items: [textBlock(dsoCurrencyLine(k, trend, opts.asOf, md)), actionSet([execute(dsoDetailsLabel, commandActionIds.dsoDetails, data)])],
  };
}

/**
 * The `@arbot dso` answer, the same content as Slack's `/dso`: summary first, one line per currency (never converted
 * or added across currencies) with its "Details" button, then the 12-month trend chart when there is an HTTPS URL
 * for it. Whole currency lines only, as many as fit Teams' message size.
 */
export function buildDsoCard(kpi: DsoKpis, opts: DsoCardOptions): TeamsCard {
  const head: CardElement[] = [headerBlock(dsoHeader(opts, md))];
  const tail = noteBlock(dsoFootnote);
  const summary = dsoSummary(opts, plain);
  if (kpi.currencies.length === 0) {
    return { card: adaptiveCard([...head, textBlock(dsoNothing(opts.asOf, md)), tail], { fallbackText: summary }), summary };
  }
  const image = trendImage(kpi, opts);
  const chart = image === null ? [] : [image];
  const build = (lines: CardElement[]) => adaptiveCard([...head, ...lines, ...chart, tail], { fallbackText: summary });
  const lines: CardElement[] = [];
  for (const k of kpi.currencies) {
    const line = currencyLine(k, kpi, opts);
    if (cardBytes(build([...lines, line])) > teamsCardLimits.payloadBytes - 200) break;
    lines.push(line);
  }
  const hidden = kpi.currencies.length - lines.length;
  if (hidden > 0) lines.push(noteBlock(dsoMoreCurrencies(hidden)));
  return { card: build(lines), summary };
}
