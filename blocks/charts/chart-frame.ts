import { chartSizePx } from '../../src/domain/charts/chart-limits.js';
import { chartTheme } from './chart-theme.js';
import { svgText } from './svg-text.js';

/**
 * The SVG document every chart is drawn in: the opaque light card (see chart-theme.ts), its border, a title and a
 * subtitle; `body` is already-escaped SVG.
 */
export function chartFrame(title: string, subtitle: string, body: string): string {
  const { width, height } = chartSizePx;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${chartTheme.fontFamily}">`
    + `<rect x="0" y="0" width="${width}" height="${height}" fill="${chartTheme.background}"/>`
    + `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="${chartTheme.border}"/>`
    + svgText(24, 32, title, { size: 18, fill: chartTheme.text, weight: 'bold' })
    + svgText(24, 54, subtitle, { size: 13, fill: chartTheme.mutedText })
    + body
    + '</svg>';
}

/** The message an empty chart shows in place of its data. */
export function emptyNotice(text: string): string {
  return svgText(chartSizePx.width / 2, chartSizePx.height / 2, text, { anchor: 'middle', size: 16, fill: chartTheme.mutedText });
}

/**
 * The subtitle naming what a chart covers.
 * @example chartSubtitle('EUR', 'top', '31 Dec 2026') // "EUR · segment top · as of 31 Dec 2026"
 */
export function chartSubtitle(currency: string | null, segment: string | null, asOf: string): string {
  return [currency ?? 'every currency', ...(segment === null ? [] : [`segment ${segment}`]), `as of ${asOf}`].join(' · ');
}
