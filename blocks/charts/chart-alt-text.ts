import { slackImageLimits } from '../../src/domain/charts/chart-limits.js';
import { formatMoney } from '../../src/domain/money.js';
import { agingBuckets, type AgingChartData } from './aging-chart-svg.js';
import { dayMonthYear, monthYear } from './month-label.js';
import type { TrendChartData } from './trend-chart-svg.js';

const days = (v: number | null) => (v === null ? 'no sales' : `${Math.round(v)} days`);
const share = (v: number | null) => (v === null ? 'none open' : `${Math.round(v * 100)}%`);
const scope = (segment: string | null) => (segment === null ? '' : ` (segment ${segment})`);

/**
 * Cuts alt text to `max` characters at the last "; " or ", " that fits, ending with "…"; never mid-number.
 * @example clipAltText('a 1, b 2, c 3', 10) // "a 1, b 2…"
 */
export function clipAltText(text: string, max: number = slackImageLimits.altTextMaxChars): string {
  if (text.length <= max) return text;
  // A separator may start at max − 1: the text before it and "…" make exactly max characters.
  const cut = Math.max(text.lastIndexOf('; ', max - 1), text.lastIndexOf(', ', max - 1));
  return `${text.slice(0, cut > 0 ? cut : max - 1)}…`;
}

/**
 * The trend's numbers in words, one sentence per currency: every month's DSO, then the overdue share at the first
 * and last month end. At most Slack's alt_text length.
 * @example trendAltText(eurTrend)
 * // "DSO over 12 months in EUR: 41 days in Jan 2026, …, 38 days in Dec 2026; overdue share 25% in Jan 2026, 22% in Dec 2026."
 */
export function trendAltText(data: TrendChartData): string {
  if (data.series.every((s) => s.points.length === 0)) {
    return `DSO and overdue share${scope(data.segment)}: no receivables in the 12 months to ${dayMonthYear(data.asOf)}.`;
  }
  return clipAltText(data.series.map((s) => {
    const first = s.points[0];
    const last = s.points[s.points.length - 1];
    const dso = s.points.map((p) => `${days(p.dso_90d)} in ${monthYear(p.month_end)}`).join(', ');
    const overdue = first && last && first !== last
      ? `overdue share ${share(first.overdue_share_amount)} in ${monthYear(first.month_end)}, ${share(last.overdue_share_amount)} in ${monthYear(last.month_end)}`
      : `overdue share ${share(last?.overdue_share_amount ?? null)} in ${last ? monthYear(last.month_end) : '—'}`;
    return `DSO over ${s.points.length} months in ${s.currency}${scope(data.segment)}: ${dso}; ${overdue}.`;
  }).join(' '));
}

/**
 * The aging buckets' exact amounts in words.
 * @example agingAltText(eurAging)
 * // "Open receivables in EUR on 31 Dec 2026 by days past due: current €120,000.00; 1–30 €30,000.00; …; total €190,000.00."
 */
export function agingAltText(data: AgingChartData): string {
  const money = (minor: bigint) => formatMoney(minor, data.currency, 'en');
  const total = agingBuckets.reduce((sum, [key]) => sum + data.aging[key], 0n);
  const parts = agingBuckets.map(([key, label]) => `${label === 'Current' ? 'current' : label} ${money(data.aging[key])}`);
  return clipAltText(`Open receivables in ${data.currency}${scope(data.segment)} on ${dayMonthYear(data.asOf)} by days past due: ${parts.join('; ')}; total ${money(total)}.`);
}
