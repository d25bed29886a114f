import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import { teamsImageLimits } from '../../src/domain/charts/chart-limits.js';
import type { WeeklyDigest } from '../../src/views/digest-view.js';
import { trendAltText } from '../charts/chart-alt-text.js';
import {
  disputeAgesTitle, oldestDisputeLine, oldestDisputesTitle, paymentsReceivedText, repliesText, repliesTitle, thisWeekTitle,
} from '../wording/digest-wording.js';
import { daysText, moneyText, percentText, plural } from '../wording/number-text.js';
import {
  adaptiveCard, factSet, headerBlock, textBlock, type CardElement, type Container, type ImageElement, type TeamsCard,
} from './adaptive-card.js';
import { digestPlanFacts, digestPlansTitle } from '../wording/plan-view-wording.js';
import { listText } from './list-text.js';
import { escapeTeamsMarkdown, teamsMarks as md } from './teams-markdown.js';

// Teams' digest says what each figure was a week ago ("was 38.0"), Slack's how it moved ("+3.2 on the week"): the
// two are listed as drift in blocks/README.md and stay apart until one wording is chosen.

/** "41.2 days (was 38.0)": the value now and a week before. */
const moved = <T>(now: T, before: T | null | undefined, show: (v: T) => string) =>
  before === undefined || before === null ? show(now) : `${show(now)} (was ${show(before)})`;

function currencyBlock(c: { now: CurrencyKpis; weekAgo: CurrencyKpis | null }): Container {
  const k = c.now;
  const w = c.weekAgo;
  const money = (amount: string) => moneyText(amount, md.esc(k.currency));
  return {
    type: 'Container',
    separator: true,
    items: [
      textBlock(`**${escapeTeamsMarkdown(k.currency)}**`),
      factSet([
        ['DSO (90 days)', moved(k.dso_90d, w?.dso_90d, daysText)],
        ['Open receivables', moved(k.open_ar, w?.open_ar, money)],
        ['Overdue', `${moved(k.overdue_amount, w?.overdue_amount, money)}, ${percentText(k.overdue_share_amount)} of the amount`],
        ['In dispute', `${money(k.disputed_amount)} in ${plural(k.disputed_count, 'dispute', 'disputes')}`],
      ]),
    ],
  };
}

/** The digest's trend chart as a card image: Teams loads only HTTPS images, so any other URL gives none. */
function chartImage(d: WeeklyDigest): ImageElement[] {
  if (!d.chart || new URL(d.chart.url).protocol !== teamsImageLimits.protocol) return [];
  const altText = trendAltText({ asOf: d.asOf, segment: null, currency: null, series: d.chart.trend });
  return [{ type: 'Image', url: d.chart.url, altText, size: 'Stretch' }];
}

/** Payment plans per currency, as Slack's (six currencies at most); none when no plan ran this week. */
const planElements = (d: WeeklyDigest): CardElement[] => (d.plans ?? []).slice(0, 6).flatMap((f) => [
  textBlock(md.strong(`${digestPlansTitle} · ${md.esc(f.currency)}`)),
  factSet(digestPlanFacts(f, md)),
]);

/** The weekly digest to finance, from the same view as Slack's: KPIs and how they moved, activity, disputes by age. */
export function buildDigestCard(d: WeeklyDigest): TeamsCard {
  const a = d.activity;
  const body: CardElement[] = [
    headerBlock(`📊 Weekly receivables digest · ${d.weekAgo} → ${d.asOf}`),
    ...(d.currencies.length === 0 ? [textBlock('No receivables yet.')] : d.currencies.slice(0, 6).map(currencyBlock)),
    ...chartImage(d),
    textBlock(md.strong(thisWeekTitle)),
    factSet([
      ['Disputes opened / closed', `${a.disputesOpened} / ${a.disputesClosed}`],
      ['Promises logged / broken', `${a.promisesLogged} / ${a.promisesBroken}`],
      ['Reminders sent', String(a.remindersSent)],
      ['Payments received', paymentsReceivedText(a, md)],
      ...(!d.replies ? [] : [[repliesTitle, repliesText(d.replies)] as [string, string]]),
    ]),
    ...planElements(d),
    textBlock(md.strong(disputeAgesTitle)),
    factSet(d.disputeAges.map((g) => [g.label, String(g.count)])),
    textBlock(`${md.strong(oldestDisputesTitle)}\n\n${d.oldestDisputes.length === 0 ? 'none' : listText(d.oldestDisputes.map((o) =>
      oldestDisputeLine(o, plural(o.ageDays, 'day', 'days'), md)), { maxItems: 10, noun: ['dispute', 'disputes'] })}`),
  ];
  const summary = `Weekly receivables digest to ${d.asOf}`;
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
