import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { CurrencyKpis } from '../../src/domain/kpi/currency-kpis.js';
import type { WeeklyDigest } from '../../src/views/digest-view.js';
import { groupDigits } from '../slack/number-text.js';
import { adaptiveCard, factSet, headerBlock, textBlock, type CardElement, type Container, type TeamsCard } from './adaptive-card.js';
import { listText } from './invoice-text.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

const na = 'n/a';
const days = (v: number | null) => (v === null ? na : `${v.toFixed(1)} days`);
const percent = (v: number | null) => (v === null ? na : `${(v * 100).toFixed(1)}%`);
/** "41.2 days (was 38.0)": the value now and a week before. */
const moved = <T>(now: T, before: T | null | undefined, show: (v: T) => string) =>
  before === undefined || before === null ? show(now) : `${show(now)} (was ${show(before)})`;

function currencyBlock(c: { now: CurrencyKpis; weekAgo: CurrencyKpis | null }): Container {
  const k = c.now;
  const w = c.weekAgo;
  const money = (amount: string) => `${groupDigits(amount)} ${escapeTeamsMarkdown(k.currency)}`;
  return {
    type: 'Container',
    separator: true,
    items: [
      textBlock(`**${escapeTeamsMarkdown(k.currency)}**`),
      factSet([
        ['DSO (90 days)', moved(k.dso_90d, w?.dso_90d, days)],
        ['Open receivables', moved(k.open_ar, w?.open_ar, money)],
        ['Overdue', `${moved(k.overdue_amount, w?.overdue_amount, money)}, ${percent(k.overdue_share_amount)} of the amount`],
        ['In dispute', `${money(k.disputed_amount)} in ${k.disputed_count} dispute${k.disputed_count === 1 ? '' : 's'}`],
      ]),
    ],
  };
}

/** The weekly digest to finance, from the same view as Slack's: KPIs and how they moved, activity, disputes by age. */
export function buildDigestCard(d: WeeklyDigest): TeamsCard {
  const a = d.activity;
  const body: CardElement[] = [
    headerBlock(`📊 Weekly receivables digest · ${d.weekAgo} → ${d.asOf}`),
    ...(d.currencies.length === 0 ? [textBlock('No receivables yet.')] : d.currencies.slice(0, 6).map(currencyBlock)),
    textBlock('**This week**'),
    factSet([
      ['Disputes opened / closed', `${a.disputesOpened} / ${a.disputesClosed}`],
      ['Promises logged / broken', `${a.promisesLogged} / ${a.promisesBroken}`],
      ['Reminders sent', String(a.remindersSent)],
      ['Payments received', a.paymentsReceived.length === 0 ? 'none' : a.paymentsReceived.map(escapeTeamsMarkdown).join(' + ')],
    ]),
    textBlock('**Open disputes by age**'),
    factSet(d.disputeAges.map((g) => [g.label, String(g.count)])),
    textBlock(`**Oldest open disputes**\n\n${d.oldestDisputes.length === 0 ? 'none' : listText(d.oldestDisputes.map((o) =>
      `${bold(o.customerName)} · ${escapeTeamsMarkdown(o.invoiceNumber)} · ${o.ageDays} day${o.ageDays === 1 ? '' : 's'} · ${statusLabels[o.status]} · ${o.ownerName === null ? 'unclaimed' : escapeTeamsMarkdown(o.ownerName)} · ${escapeTeamsMarkdown(o.amountDue)}`),
    { maxItems: 10, noun: ['dispute', 'disputes'] })}`),
  ];
  const summary = `Weekly receivables digest to ${d.asOf}`;
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
