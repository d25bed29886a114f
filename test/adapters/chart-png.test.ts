import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildAgingChartSvg } from '../../blocks/charts/aging-chart-svg.js';
import { chartTheme } from '../../blocks/charts/chart-theme.js';
import { buildTrendChartSvg } from '../../blocks/charts/trend-chart-svg.js';
import { renderChartPng } from '../../adapters/charts/png.js';
import { chartSizePx, teamsImageLimits } from '../../src/domain/charts/chart-limits.js';
import { monthEndsThrough } from '../../src/domain/kpi/calendar-months.js';

const months = monthEndsThrough('2026-12-31', 12);
const series = ['EUR', 'USD', 'JPY'].map((currency, c) => ({
  currency, points: months.map((m, k) => ({ month_end: m, dso_90d: 30 + 5 * c + (k % 4), overdue_share_amount: 0.1 + 0.05 * c })),
}));
const bg = [0xff, 0xff, 0xff];

/** Decodes a PNG and counts its pixels by kind: background, near-black text, and saturated colour (lines, bars). */
function decode(png: Buffer) {
  const img = PNG.sync.read(png);
  let notBackground = 0, dark = 0, coloured = 0, transparent = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b, a] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
    if (a !== 255) transparent++;
    if (r !== bg[0] || g !== bg[1] || b !== bg[2]) notBackground++;
    if (r < 80 && g < 80 && b < 80) dark++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
  }
  return { width: img.width, height: img.height, notBackground, dark, coloured, transparent, pixels: img.width * img.height };
}

describe('chart PNGs', () => {
  it.each([
    ['the trend of three currencies', buildTrendChartSvg({ asOf: '2026-12-31', segment: 'top', currency: null, series })],
    ['the aging of one currency', buildAgingChartSvg({ asOf: '2026-12-31', segment: null, currency: 'EUR', aging: { current: 9_000_00n, d1_30: 3_000_00n, d31_60: 1_000_00n, d61_90: 500_00n, d91_plus: 2_000_00n } })],
  ])('render %s at the chart size, opaque, with text and coloured marks, within Teams\' limits', async (_, svg) => {
    const png = await renderChartPng(svg);
    const d = decode(png);
    expect([d.width, d.height]).toEqual([chartSizePx.width, chartSizePx.height]);
    expect(d.transparent).toBe(0); // an opaque card: a dark chat theme never shows through
    expect(d.dark).toBeGreaterThan(1500); // title, labels and numbers in near-black text (DejaVu Sans found)
    expect(d.coloured).toBeGreaterThan(3000); // the lines or bars
    expect(d.notBackground / d.pixels).toBeLessThan(0.5); // mostly the light background: readable on either theme
    expect(png.length).toBeLessThanOrEqual(teamsImageLimits.maxBytes);
  });

  it('renders an empty chart as its frame and notice only: text, no coloured marks', async () => {
    const d = decode(await renderChartPng(buildTrendChartSvg({ asOf: '2026-12-31', segment: null, currency: 'EUR', series: [] })));
    expect([d.width, d.height]).toEqual([chartSizePx.width, chartSizePx.height]);
    expect(d.notBackground).toBeGreaterThan(500);
    expect(d.coloured).toBe(0);
  });

  it('draws a hostile label as text rather than failing to parse', async () => {
    const svg = buildTrendChartSvg({ asOf: '2026-12-31', segment: `</svg><x a="&`, currency: null, series });
    expect(decode(await renderChartPng(svg)).width).toBe(chartSizePx.width);
  });

  it('uses the theme background as its own', () => {
    expect(chartTheme.background.toLowerCase()).toBe(`#${bg.map((x) => x.toString(16)).join('')}`);
  });
});
