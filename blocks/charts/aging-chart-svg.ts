import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { chartSizePx } from '../../src/domain/charts/chart-limits.js';
import type { AgingTotals } from '../../src/domain/kpi/open-receivables.js';
import { chartFrame, chartSubtitle, emptyNotice } from './chart-frame.js';
import { chartTheme } from './chart-theme.js';
import { compactAmount } from './compact-amount.js';
import { dayMonthYear } from './month-label.js';
import { px, svgText } from './svg-text.js';

/** The aging chart's data: one currency's open receivables by days past due, minor units. */
export interface AgingChartData {
  readonly asOf: CalendarDate;
  readonly segment: string | null;
  readonly currency: string;
  readonly aging: AgingTotals;
}

/** The buckets left to right with their axis labels (91+ is the KPI's "91_plus": more than 90 days). */
export const agingBuckets = [
  ['current', 'Current'], ['d1_30', '1–30'], ['d31_60', '31–60'], ['d61_90', '61–90'], ['d91_plus', 'Over 90'],
] as const satisfies readonly (readonly [keyof AgingTotals, string])[];

const plot = { left: 48, right: 48, top: 110, bottom: 400 };

/**
 * Open receivables of one currency by age as SVG bars, each with its amount above it (compactAmount, integers
 * only: heights are computed from minor units in bigint, to a tenth of a pixel). Bars share one scale from 0, so
 * heights compare; a credit balance in a bucket draws no bar but keeps its label.
 * @example buildAgingChartSvg({ asOf: '2026-12-31', segment: null, currency: 'EUR', aging }) // "<svg …>…</svg>"
 */
export function buildAgingChartSvg(data: AgingChartData): string {
  const title = 'Open receivables by days past due';
  const subtitle = chartSubtitle(data.currency, data.segment, dayMonthYear(data.asOf));
  const amounts = agingBuckets.map(([key]) => data.aging[key]);
  const max = amounts.reduce((m, a) => (a > m ? a : m), 0n);
  if (max === 0n) return chartFrame(title, subtitle, emptyNotice(`No open receivables in ${data.currency}`));
  const height = plot.bottom - plot.top;
  const slot = (chartSizePx.width - plot.left - plot.right) / agingBuckets.length;
  const barWidth = slot * 0.6;
  const out: string[] = [];
  amounts.forEach((amount, k) => {
    const h = amount > 0n ? Number((amount * BigInt(height * 10)) / max) / 10 : 0;
    const x = plot.left + k * slot + (slot - barWidth) / 2;
    if (h > 0) out.push(`<rect x="${px(x)}" y="${px(plot.bottom - h)}" width="${px(barWidth)}" height="${px(h)}" fill="${chartTheme.aging[k]}"/>`);
    out.push(svgText(x + barWidth / 2, plot.bottom - h - 8, compactAmount(amount, data.currency), { anchor: 'middle', size: 14, fill: chartTheme.text, weight: 'bold' }));
    out.push(svgText(x + barWidth / 2, plot.bottom + 22, agingBuckets[k]![1], { anchor: 'middle', size: 13, fill: chartTheme.text }));
  });
  out.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${chartSizePx.width - plot.right}" y2="${plot.bottom}" stroke="${chartTheme.axis}"/>`);
  out.push(svgText(chartSizePx.width / 2, plot.bottom + 46, `days past due · amounts in ${data.currency}`, { anchor: 'middle', size: 12, fill: chartTheme.mutedText }));
  return chartFrame(title, subtitle, out.join(''));
}
