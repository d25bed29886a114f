import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { commandActionIds } from '../../src/chat/chat-action.js';
import { slackImageLimits } from '../../src/domain/charts/chart-limits.js';
import type { DsoKpis } from '../../src/views/dso-view.js';
import { trendAltText } from '../charts/chart-alt-text.js';

export type { DsoKpis, TopOverdueCustomer } from '../../src/views/dso-view.js';
import { dsoValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, headerBlock, sectionBlock, type KnownBlock,
} from './block-kit.js';
import { dsoCurrencyLine, dsoDetailsLabel, dsoFootnote, dsoHeader, dsoMoreCurrencies, dsoNothing, dsoSummary } from '../wording/dso-wording.js';
import { mrkdwnMarks as md, plainTextMarks as plain } from './mrkdwn.js';

export interface DsoOptions {
  readonly asOf: CalendarDate;
  readonly segment?: string | undefined;
  /** Already posted in the channel: no "Share in channel" button. */
  readonly shared: boolean;
  /** The 12-month trend chart (src/domain/charts/chart-token.ts); null without PUBLIC_BASE_URL: the text only. */
  readonly chartUrl?: string | null | undefined;
}

export const dsoShareActionId = commandActionIds.shareDso;
export const dsoDetailsActionId = commandActionIds.dsoDetails;

/**
 * The chart as an image block: Slack loads `image_url` itself; the alt text states every month's figures, so a
 * screen reader (or a client that cannot load it) reads the chart. Null when the URL is over Slack's length.
 */
export function trendImageBlock(kpi: DsoKpis, opts: Pick<DsoOptions, 'asOf' | 'segment'>, url: string): KnownBlock | null {
  if (url.length > slackImageLimits.imageUrlMaxChars) return null;
  const alt = trendAltText({ asOf: opts.asOf, segment: opts.segment ?? null, currency: null, series: kpi.trend });
  return { type: 'image', image_url: url, alt_text: alt };
}

/**
 * The `/dso` answer, summary first: one line per currency (amounts never converted or added across currencies):
 * DSO and its move since the end of last month, the overdue share of the amount, the money in dispute and its
 * average age, each with a "Details" button for that currency's full figures (dso-details-blocks.ts); then the
 * 12-month trend chart as an image when there is a URL for it. Ephemeral answers carry a "Share in channel" button;
 * the shared post does not.
 * @example buildDsoBlocks(kpi, { asOf: '2026-03-31', shared: false, chartUrl: null }).at(-1) // the share button
 */
export function buildDsoBlocks(kpi: DsoKpis, opts: DsoOptions): KnownBlock[] {
  const tail: KnownBlock[] = [
    contextBlock([dsoFootnote]),
    ...(opts.shared ? [] : [actionsBlock([
      button({ text: 'Share in channel', actionId: dsoShareActionId, value: dsoValue(opts.asOf, opts.segment) }),
    ], 'arbot.dso_actions')]),
  ];
  const head: KnownBlock[] = [headerBlock(dsoHeader(opts, plain))];
  if (kpi.currencies.length === 0) return [...head, sectionBlock(dsoNothing(opts.asOf, md)), ...tail];
  const image = opts.chartUrl ? trendImageBlock(kpi, opts, opts.chartUrl) : null;
  const chart = image === null ? [] : [image];
  // One block per currency, as many as fit beside the chart, the tail and a "…and N more" line.
  const room = blockKitLimits.messageBlocks - head.length - chart.length - tail.length - 1;
  const lines = kpi.currencies.slice(0, room).map((k) => {
    const trend = kpi.trend.find((t) => t.currency === k.currency)?.points ?? [];
    const details = button({ text: dsoDetailsLabel, actionId: dsoDetailsActionId, value: dsoValue(opts.asOf, opts.segment, k.currency) });
    return sectionBlock(dsoCurrencyLine(k, trend, opts.asOf, md), details);
  });
  const hidden = kpi.currencies.length - lines.length;
  const more = hidden === 0 ? [] : [contextBlock([dsoMoreCurrencies(hidden)])];
  return [...head, ...lines, ...more, ...chart, ...tail];
}

/** The notification fallback of a /dso answer. */
export const dsoFallbackText = (opts: Pick<DsoOptions, 'asOf' | 'segment'>): string => dsoSummary(opts, md);
