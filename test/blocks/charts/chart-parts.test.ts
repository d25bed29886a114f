import { describe, expect, it } from 'vitest';
import { niceAxis, tickLabel } from '../../../blocks/charts/chart-scale.js';
import { chartTheme } from '../../../blocks/charts/chart-theme.js';
import { compactAmount } from '../../../blocks/charts/compact-amount.js';
import { dayMonthYear, monthYear } from '../../../blocks/charts/month-label.js';
import { px, svgText } from '../../../blocks/charts/svg-text.js';

describe('compactAmount', () => {
  it.each([
    [0n, 'EUR', '0.00'],
    [98_050n, 'EUR', '980.50'],
    [99_999n, 'EUR', '999.99'],
    [100_000n, 'EUR', '1k'],
    [123_456n, 'EUR', '1.2k'],
    [12_345_600n, 'EUR', '123k'],
    [123_456_789n, 'EUR', '1.2M'],
    [999_960n, 'JPY', '1M'],
    [1_250n, 'JPY', '1.3k'], // half up
    [1_249n, 'JPY', '1.2k'],
    [5_000_000_000_000n, 'JPY', '5000B'],
    [1_234_567n, 'KWD', '1.2k'], // three decimals
    [-250_000n, 'EUR', '-2.5k'],
    [9_007_199_254_740_993_000n, 'USD', '90071993B'], // beyond a float's integers, still exact
  ])('%s minor %s is "%s"', (minor, currency, text) => {
    expect(compactAmount(minor, currency)).toBe(text);
  });
});

describe('niceAxis', () => {
  it.each([
    [0, 10, 2], [-3, 10, 2], [Number.NaN, 10, 2], [0.4, 0.4, 0.1], [1, 1, 0.2], [9, 10, 2], [22.6, 25, 5], [41.3, 50, 10],
    [51, 60, 20], [99.99, 100, 20], [365, 400, 100], [1234, 1500, 500],
  ])('puts %s under a top of %s by %s', (max, top, step) => {
    expect(niceAxis(max)).toEqual({ top, step });
  });

  it.each([[0, 0.1, '0.0'], [0.3, 0.1, '0.3'], [40, 10, '40'], [2.5, 0.5, '2.5']])('labels %s on a step of %s as %s', (v, step, text) => {
    expect(tickLabel(v, step)).toBe(text);
  });
});

describe('labels and text', () => {
  it('names months in fixed English, whatever the locale', () => {
    expect(monthYear('2026-01-31')).toBe('Jan 2026');
    expect(dayMonthYear('2026-12-01')).toBe('1 Dec 2026');
  });

  it('writes coordinates with at most one decimal and no negative zero', () => {
    expect([px(12.345), px(-0.04), px(3)]).toEqual(['12.3', '0', '3']);
  });

  it('escapes content and attribute values of a text element', () => {
    expect(svgText(1, 2, `<b>"&'`, { fill: '"/><x' })).toBe('<text x="1" y="2" fill="&quot;/&gt;&lt;x">&lt;b&gt;&quot;&amp;&#39;</text>');
  });
});

/** WCAG 2 relative luminance and contrast ratio of two #RRGGBB colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('the chart theme, readable in light and dark chat themes', () => {
  it('brings its own opaque light background, so a dark theme never shows through', () => {
    expect(chartTheme.background).toBe('#FFFFFF');
  });

  it('keeps text at 4.5:1 or more on the background (WCAG 1.4.3)', () => {
    for (const c of [chartTheme.text, chartTheme.mutedText]) expect(contrast(c, chartTheme.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps every data colour at 3:1 or more on the background (WCAG 1.4.11)', () => {
    for (const c of [...chartTheme.series, ...chartTheme.aging, chartTheme.axis]) expect(contrast(c, chartTheme.background)).toBeGreaterThanOrEqual(3);
  });

  it('gives each line its own colour and dash, so no line is told apart by colour alone', () => {
    expect(new Set(chartTheme.series).size).toBe(chartTheme.series.length);
    expect(new Set(chartTheme.dashes).size).toBe(chartTheme.dashes.length);
    expect(chartTheme.dashes.length).toBe(chartTheme.series.length);
  });
});
