import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { renderChartPng } from '../../adapters/charts/png.js';
import { buildAgingChartSvg } from '../../blocks/charts/aging-chart-svg.js';
import { agingAltText, trendAltText } from '../../blocks/charts/chart-alt-text.js';
import { buildTrendChartSvg, type TrendChartData } from '../../blocks/charts/trend-chart-svg.js';
import { monthEndsThrough } from '../../src/domain/kpi/calendar-months.js';

// `npx tsx test/bench/charts.ts`, or `npm run bench -- charts`. Prints the time to draw each chart (SVG, then PNG),
// median of REPEAT after a warm-up; never asserts times. The aim is 200 ms a chart including its KPI read; the KPI
// reads are the kpi benchmark's (trend and totals on the 1M-invoice ledger), so this measures the drawing alone.

const REPEAT = 15;
const AIM_MS = 200;

async function medianMs(work: () => unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const months = monthEndsThrough('2026-12-31', 12);
const trend = (currencies: readonly string[]): TrendChartData => ({
  asOf: '2026-12-31', segment: null, currency: currencies.length === 1 ? currencies[0]! : null,
  series: currencies.map((currency, c) => ({
    currency, points: months.map((m, k) => ({ month_end: m, dso_90d: 30 + 4 * c + (k % 5), overdue_share_amount: 0.1 + 0.03 * c })),
  })),
});
const aging = { asOf: '2026-12-31', segment: null, currency: 'EUR', aging: { current: 91_234_500_00n, d1_30: 12_000_000_00n, d31_60: 4_500_000_00n, d61_90: 1_200_000_00n, d91_plus: 7_800_000_00n } };

export async function run(): Promise<void> {
  console.log(`charts benchmark: ${cpus().length} CPUs, Node ${process.version}; median of ${REPEAT} after a warm-up; aim ${AIM_MS} ms a chart`);
  const charts: readonly [string, () => string, () => string][] = [
    ['trend, 1 currency', () => buildTrendChartSvg(trend(['EUR'])), () => trendAltText(trend(['EUR']))],
    ['trend, 5 currencies', () => buildTrendChartSvg(trend(['EUR', 'USD', 'GBP', 'JPY', 'CHF'])), () => trendAltText(trend(['EUR', 'USD', 'GBP', 'JPY', 'CHF']))],
    ['aging, 1 currency', () => buildAgingChartSvg(aging), () => agingAltText(aging)],
  ];
  for (const [name, svg, alt] of charts) {
    const doc = svg();
    const svgMs = await medianMs(svg);
    const altMs = await medianMs(alt);
    const pngMs = await medianMs(() => renderChartPng(doc));
    const bytes = (await renderChartPng(doc)).length;
    console.log(`  ${name.padEnd(20)} svg ${svgMs.toFixed(2)} ms  alt text ${altMs.toFixed(2)} ms  png ${pngMs.toFixed(1)} ms  (${(bytes / 1024).toFixed(1)} KiB)`);
  }
  // Four at once, as a busy channel loading its images would ask: the thread pool renders them side by side.
  const t = performance.now();
  await Promise.all([0, 1, 2, 3].map(() => renderChartPng(charts[1]![1]())));
  console.log(`  4 trend charts at once: ${(performance.now() - t).toFixed(1)} ms in all`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
