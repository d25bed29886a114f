import { Resvg } from '@resvg/resvg-js';
import { chartSizePx } from '../../src/domain/charts/chart-limits.js';

/**
 * Renders a chart's SVG (blocks/charts) to PNG at its own size, with the system's fonts (DejaVu Sans first: the
 * charts name it, and a missing font would draw no text at all). Synchronous and CPU-bound: a chart takes a few
 * tens of milliseconds (test/bench/charts.ts).
 */
export function renderChartPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: chartSizePx.width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#FFFFFF',
  });
  return resvg.render().asPng();
}
