import { describe, expect, it } from 'vitest';
import { buildAgingChartSvg, type AgingChartData } from '../../../blocks/charts/aging-chart-svg.js';
import { buildTrendChartSvg, maxTrendLines, type TrendChartData } from '../../../blocks/charts/trend-chart-svg.js';
import { chartTheme } from '../../../blocks/charts/chart-theme.js';
import { monthEndsThrough } from '../../../src/domain/kpi/calendar-months.js';
import type { TrendPoint } from '../../../src/domain/kpi/kpi-trend.js';

const hostile = `<script>alert("x")</script> & 'Sons'`;
const months = monthEndsThrough('2026-12-31', 12);
const points = (dso: number, share: number): TrendPoint[] =>
  months.map((m, k) => ({ month_end: m, dso_90d: dso + k, overdue_share_amount: share }));
const trend = (series: TrendChartData['series'], extra: Partial<TrendChartData> = {}): TrendChartData =>
  ({ asOf: '2026-12-31', segment: null, currency: null, series, ...extra });
const aging = (extra: Partial<AgingChartData> = {}): AgingChartData => ({
  asOf: '2026-12-31', segment: null, currency: 'EUR',
  aging: { current: 12_000_000n, d1_30: 3_000_000n, d31_60: 1_500_050n, d61_90: 40_000n, d91_plus: 2_500_000n }, ...extra,
});

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

describe('the trend chart', () => {
  it('escapes every text it writes: a hostile segment and series name stay text', () => {
    const svg = buildTrendChartSvg(trend([{ currency: hostile, points: points(40, 0.2) }], { segment: hostile }));
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Sons&#39;');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it('labels the months, the first year, and each panel\'s 0-based axis', () => {
    const svg = buildTrendChartSvg(trend([{ currency: 'EUR', points: points(40, 0.22) }], { currency: 'EUR' }));
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Jan', 'Feb', 'Jun', 'Dec', '2026', 'DSO (days)', 'Overdue share (% of open receivables)']));
    expect(t.filter((x) => x === '2026')).toHaveLength(1);
    // DSO 40…51 days: 0 to 60 by 20; overdue share 22%: 0 to 25 by 5 (at most 5 steps, 1-2-5 steps).
    expect(t.slice(t.indexOf('DSO (days)') + 1, t.indexOf('51 d'))).toEqual(['0', '20', '40', '60']);
    const share = t.indexOf('Overdue share (% of open receivables)');
    expect(t.slice(share + 1, t.indexOf('22%'))).toEqual(['0', '5', '10', '15', '20', '25']);
    expect(t).toContain('51 d'); // the last DSO beside a single line
    expect(t).toContain('22%');
    expect(t).toContain('EUR · as of 31 Dec 2026');
  });

  it('writes the year under January when the 12 months span two years', () => {
    const span = monthEndsThrough('2026-06-30', 12).map((m) => ({ month_end: m, dso_90d: 30, overdue_share_amount: 0.1 }));
    const t = texts(buildTrendChartSvg(trend([{ currency: 'USD', points: span }])));
    expect(t).toEqual(expect.arrayContaining(['2025', '2026']));
  });

  it.each([
    ['no currency at all', trend([])],
    ['a currency with no point', trend([{ currency: 'EUR', points: [] }])],
    ['only null values', trend([{ currency: 'EUR', points: months.map((m) => ({ month_end: m, dso_90d: null, overdue_share_amount: null })) }])],
  ])('says there is nothing to show for %s, and draws no line', (_, data) => {
    const svg = buildTrendChartSvg(data);
    expect(texts(svg)).toContain('No receivables in this period');
    expect(count(svg, /<path /g)).toBe(0);
    expect(count(svg, /<circle /g)).toBe(0);
  });

  it('shows a single point as a marker', () => {
    const svg = buildTrendChartSvg(trend([{ currency: 'EUR', points: [{ month_end: '2026-12-31', dso_90d: 38, overdue_share_amount: 0.22 }] }]));
    expect(count(svg, /<circle /g)).toBe(2); // one per panel
    expect(texts(svg)).toEqual(expect.arrayContaining(['Dec', '38 d', '22%']));
  });

  it('breaks a line at a month with no value (no sales: DSO is null)', () => {
    const p = points(40, 0.2).map((x, k) => (k === 5 ? { ...x, dso_90d: null } : x));
    const svg = buildTrendChartSvg(trend([{ currency: 'EUR', points: p }]));
    const dsoPath = /<path d="([^"]+)"/.exec(svg)![1]!;
    expect(count(dsoPath, /M/g)).toBe(2);
    expect(count(svg, /<circle /g)).toBe(11 + 12);
  });

  it('draws one line per currency with its own colour and dash, up to the palette, and counts the rest', () => {
    const codes = ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK'];
    const svg = buildTrendChartSvg(trend(codes.map((c, k) => ({ currency: c, points: points(30 + 5 * k, 0.1) }))));
    expect(maxTrendLines).toBe(6);
    expect(count(svg, /<path /g)).toBe(2 * maxTrendLines);
    for (const colour of chartTheme.series) expect(svg).toContain(`stroke="${colour}"`);
    expect(texts(svg)).toEqual(expect.arrayContaining([...codes.slice(0, 6), '+2 more']));
    expect(texts(svg)).not.toContain('NOK');
    expect(texts(svg).some((x) => / d$/.test(x!))).toBe(false); // no last-value labels on a multi-line chart
  });

  it('caps the overdue-share axis at 100%', () => {
    const svg = buildTrendChartSvg(trend([{ currency: 'EUR', points: points(40, 1) }]));
    expect(texts(svg)).toContain('100');
    expect(texts(svg)).not.toContain('120');
  });
});

describe('the aging chart', () => {
  it('draws the five buckets in order with their compact amounts', () => {
    const t = texts(buildAgingChartSvg(aging()));
    const labels = ['Current', '1–30', '31–60', '61–90', 'Over 90'];
    expect(labels.map((l) => t.indexOf(l))).toEqual([...labels.map((l) => t.indexOf(l))].sort((a, b) => a - b));
    expect(t).toEqual(expect.arrayContaining(['120k', '30k', '15k', '400.00', '25k', 'days past due · amounts in EUR']));
  });

  it('scales bars to the largest bucket, from minor units', () => {
    const svg = buildAgingChartSvg(aging());
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" fill="#/g)].map((m) => Number(m[1]));
    expect(heights.slice(1)).toEqual([290, 72.5, 36.2, 0.9, 60.4]); // after the background; tenths of a pixel, rounded down
  });

  it('escapes a hostile segment', () => {
    const svg = buildAgingChartSvg(aging({ segment: hostile }));
    expect(svg).not.toContain('<script');
    expect(svg).toContain('segment &lt;script&gt;');
  });

  it('says there is nothing open when every bucket is zero', () => {
    const svg = buildAgingChartSvg(aging({ currency: 'JPY', aging: { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_plus: 0n } }));
    expect(texts(svg)).toContain('No open receivables in JPY');
    expect(count(svg, /fill="#0B5CAD"/g)).toBe(0);
  });
});
