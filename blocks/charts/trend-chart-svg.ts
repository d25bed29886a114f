import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { chartSizePx } from '../../src/domain/charts/chart-limits.js';
import type { TrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import { chartFrame, chartSubtitle, emptyNotice } from './chart-frame.js';
import { chartTheme } from './chart-theme.js';
import { linePanel, type PanelLine } from './line-panel.js';
import { dayMonthYear, monthName } from './month-label.js';
import { px, svgText } from './svg-text.js';

/** The trend chart's data: computeKpiTrend's currencies (one line each), as of a date, for all or one segment. */
export interface TrendChartData {
  readonly asOf: CalendarDate;
  readonly segment: string | null;
  /** The currency the chart was asked for, or null for every currency. */
  readonly currency: string | null;
  readonly series: readonly { readonly currency: string; readonly points: readonly TrendPoint[] }[];
}

/** Lines one chart draws; more currencies are named in the legend's "+N more" and stated in the alt text. */
export const maxTrendLines = chartTheme.series.length;

const plot = { left: 72, right: 32 };
const dsoBox = { y: 112, h: 150 };
const shareBox = { y: 308, h: 110 };

/** The month ends the series cover, oldest first (every series of one report has the same). */
export function trendMonths(data: TrendChartData): CalendarDate[] {
  return [...new Set(data.series.flatMap((s) => s.points.map((p) => p.month_end)))].sort();
}

/**
 * The 12-month trend as SVG: DSO (days) above, overdue share (% of open receivables) below, on one month axis, one
 * line per currency (colour and dash from chart-theme.ts) with a legend. Two panels rather than two y axes on one
 * plot: days and percentages never share a scale, and each panel starts at 0 so a line's height reads as its size.
 * @example buildTrendChartSvg({ asOf: '2026-12-31', segment: null, currency: 'EUR', series: [eurTrend] }) // "<svg …>…</svg>"
 */
export function buildTrendChartSvg(data: TrendChartData): string {
  const months = trendMonths(data);
  const title = `DSO and overdue share, ${months.length} month ends`;
  const subtitle = chartSubtitle(data.currency, data.segment, dayMonthYear(data.asOf));
  const drawn = data.series.slice(0, maxTrendLines);
  const hasValue = drawn.some((s) => s.points.some((p) => p.dso_90d !== null || p.overdue_share_amount !== null));
  if (months.length === 0 || !hasValue) return chartFrame(title, subtitle, emptyNotice('No receivables in this period'));
  const width = chartSizePx.width - plot.left - plot.right;
  const xs = months.map((_, k) => plot.left + ((k + 0.5) * width) / months.length);
  const at = (s: TrendChartData['series'][number], pick: (p: TrendPoint) => number | null) =>
    months.map((m) => { const p = s.points.find((q) => q.month_end === m); return p ? pick(p) : null; });
  const lines = (pick: (p: TrendPoint) => number | null): PanelLine[] => drawn.map((s, k) => ({
    values: at(s, pick), colour: chartTheme.series[k]!, dash: chartTheme.dashes[k]!,
  }));
  const single = drawn.length === 1;
  const body = legend(drawn.map((s) => s.currency), data.series.length - drawn.length)
    + linePanel({ x: plot.left, w: width, ...dsoBox }, 'DSO (days)', xs, lines((p) => p.dso_90d), { unit: ' d', lastLabel: single })
    + linePanel({ x: plot.left, w: width, ...shareBox }, 'Overdue share (% of open receivables)', xs,
      lines((p) => (p.overdue_share_amount === null ? null : p.overdue_share_amount * 100)), { cap: 100, unit: '%', lastLabel: single })
    + monthAxis(months, xs, shareBox.y + shareBox.h);
  return chartFrame(title, subtitle, body);
}

function legend(currencies: readonly string[], more: number): string {
  const out: string[] = [];
  let x = plot.left;
  currencies.forEach((c, k) => {
    const dash = chartTheme.dashes[k] ? ` stroke-dasharray="${chartTheme.dashes[k]}"` : '';
    out.push(`<line x1="${px(x)}" y1="76" x2="${px(x + 28)}" y2="76" stroke="${chartTheme.series[k]}" stroke-width="3"${dash}/>`);
    out.push(svgText(x + 34, 81, c, { size: 13, fill: chartTheme.text }));
    x += 34 + 12 * c.length + 28;
  });
  if (more > 0) out.push(svgText(x, 81, `+${more} more`, { size: 13, fill: chartTheme.mutedText }));
  return out.join('');
}

/** Month names under the lower panel, the year under the first month and under each January. */
function monthAxis(months: readonly CalendarDate[], xs: readonly number[], y: number): string {
  return months.map((m, k) => svgText(xs[k]!, y + 20, monthName(m), { anchor: 'middle', size: 12, fill: chartTheme.text })
    + (k === 0 || m.slice(5, 7) === '01' ? svgText(xs[k]!, y + 38, m.slice(0, 4), { anchor: 'middle', size: 12, fill: chartTheme.mutedText }) : '')).join('');
}
