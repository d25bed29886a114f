import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import { slackImageLimits } from '../../src/domain/charts/chart-limits.js';
import type { DigestChart, WeeklyDigest } from '../../src/views/digest-view.js';
import { trendAltText } from '../charts/chart-alt-text.js';
import { contextBlock, dividerBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import {
  disputeAgesTitle, oldestDisputeLine, oldestDisputesTitle, paymentsReceivedText, repliesText, repliesTitle, thisWeekTitle,
} from '../wording/digest-wording.js';
import { daysText, moneyText, na, percentText, plural } from '../wording/number-text.js';
import { digestPlanFacts, digestPlansTitle } from '../wording/plan-view-wording.js';
import { listText } from './list-text.js';
import { mrkdwnMarks as md } from './mrkdwn.js';

/** Currencies shown in full (four blocks each); the rest are counted. */
export const digestCurrencies = 6;
export const digestOldestDisputes = 5;

// Slack's digest says how each figure moved ("+3.2 on the week"), Teams' what it was ("was 38.0"): the two are
// listed as drift in blocks/README.md and stay apart until one wording is chosen.

/** "42.1 days (+3.2 on the week)"; the sign says whether it got better (down) or worse (up). */
function delta(now: number | null, before: number | null, unit: (v: number) => string): string {
  if (now === null) return na;
  if (before === null) return unit(now);
  const d = now - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return `${unit(now)} (${sign}${unit(Math.abs(d)).replace(/ days$/, '')} on the week)`;
}

function currencyFields(k: CurrencyKpis, before: CurrencyKpis | null): string[] {
  const money = (amount: string) => moneyText(amount, md.esc(k.currency));
  return [
    `*DSO (90 days)*\n${delta(k.dso_90d, before?.dso_90d ?? null, daysText)}`,
    `*Overdue*\n${money(k.overdue_amount)} · ${delta(k.overdue_share_amount, before?.overdue_share_amount ?? null, percentText)} of the amount`,
    `*In dispute*\n${money(k.disputed_amount)} in ${plural(k.disputed_count, 'dispute', 'disputes')}${before ? ` (${before.disputed_count} a week ago)` : ''}`,
    `*Open receivables*\n${money(k.open_ar)}${before ? ` (${money(before.open_ar)} a week ago)` : ''}`,
  ];
}

/** The digest's 12-month trend chart as an image block (alt text states its figures); none without a usable URL. */
function chartBlocks(d: WeeklyDigest, chart: DigestChart | undefined): KnownBlock[] {
  if (!chart || chart.url.length > slackImageLimits.imageUrlMaxChars) return [];
  return [{ type: 'image', image_url: chart.url, alt_text: trendAltText({ asOf: d.asOf, segment: null, currency: null, series: chart.trend }) }];
}

/** Payment plans per currency (as many currencies as the KPIs show); none when no plan ran this week. */
function planBlocks(d: WeeklyDigest): KnownBlock[] {
  return (d.plans ?? []).slice(0, digestCurrencies).map((f) =>
    fieldsBlock(digestPlanFacts(f, md).map(([label, value]) => `*${label}*\n${value}`), `*${digestPlansTitle} · ${md.esc(f.currency)}*`));
}

/**
 * The weekly digest to the finance channel: per currency the KPIs with their move over the week, the week's
 * activity, payment plans, and open disputes by age with the oldest named. At most about 40 blocks.
 */
export function buildDigestMessage(d: WeeklyDigest): SlackMessage {
  const a = d.activity;
  const shown = d.currencies.slice(0, digestCurrencies);
  const hidden = d.currencies.length - shown.length;
  const blocks: KnownBlock[] = [
    headerBlock(`Weekly receivables digest · week to ${d.asOf}`),
    ...(shown.length === 0 ? [sectionBlock('No open receivables and no sales in the last 90 days.')] : []),
    ...shown.map((c) => fieldsBlock(currencyFields(c.now, c.weekAgo), `*${c.now.currency}*`)),
    ...(hidden > 0 ? [contextBlock([`…and ${plural(hidden, 'more currency', 'more currencies')}: /dso shows them all.`])] : []),
    ...chartBlocks(d, d.chart),
    dividerBlock(),
    fieldsBlock([
      `*Payments received*\n${paymentsReceivedText(a, md)}`,
      `*Reminders sent*\n${a.remindersSent}`,
      `*Disputes*\n${a.disputesOpened} opened · ${a.disputesClosed} closed`,
      `*Promises to pay*\n${a.promisesLogged} logged · ${a.promisesBroken} broken`,
      ...(!d.replies ? [] : [`*${repliesTitle}*\n${repliesText(d.replies)}`]),
    ], `*${thisWeekTitle}* (${d.weekAgo} → ${d.asOf})`),
    ...planBlocks(d),
    sectionBlock(`*${disputeAgesTitle}*\n${d.disputeAges.map((b) => `${b.label}: *${b.count}*`).join(' · ')}`),
    sectionBlock(d.oldestDisputes.length === 0
      ? `*${oldestDisputesTitle}*\nnone :tada:`
      : `*${oldestDisputesTitle}*\n${listText(d.oldestDisputes.map((x) => oldestDisputeLine(x, `${x.ageDays} days`, md)),
      { maxItems: digestOldestDisputes, noun: ['dispute', 'disputes'] })}`),
    contextBlock(['Amounts per currency, never converted. /dso for today\'s figures, /ar <customer> for one account.'.replace('<', '&lt;').replace('>', '&gt;')]),
  ];
  return { text: `Weekly receivables digest, week to ${d.asOf}`, blocks };
}
