import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { chartSizePx } from '../../src/domain/charts/chart-limits.js';

const options: ResvgRenderOptions = {
  fitTo: { mode: 'width', value: chartSizePx.width },
  // DejaVu Sans first (the charts name it); without any system font resvg draws no text at all, so a server image
  // needs one installed (Debian/Ubuntu: fonts-dejavu-core).
  font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  background: '#FFFFFF',
};

/**
 * Renders a chart's SVG (blocks/charts) to PNG at its own size. On libuv's thread pool, not the event loop: a chart
 * takes tens of milliseconds of CPU (test/bench/charts.ts), during which Slack and Teams requests still get answered.
 */
export async function renderChartPng(svg: string): Promise<Buffer> {
  return (await renderAsync(svg, options)).asPng();
}
