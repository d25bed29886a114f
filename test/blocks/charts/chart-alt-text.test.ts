import { describe, expect, it } from 'vitest';
import { agingAltText, clipAltText, trendAltText } from '../../../blocks/charts/chart-alt-text.js';
import { agingChartData, trendChartData } from '../../../blocks/charts/chart-data.js';
import { chartSizePx, slackImageLimits, teamsImageLimits } from '../../../src/domain/charts/chart-limits.js';
import { chartUrl } from '../../../src/domain/charts/chart-token.js';
import { monthEndsThrough } from '../../../src/domain/kpi/calendar-months.js';
import type { KpiReport } from '../../../src/services/compute-kpis.js';
import type { CurrencyKpis } from '../../../src/domain/kpi/currency-kpis.js';

const months = monthEndsThrough('2026-12-31', 12);
const dso = [41.2, 40.8, 41, 40.4, 40.2, 39.6, 40, 39.4, 39, 38.6, 38.2, 37.6];
const eur = { currency: 'EUR', points: months.map((m, k) => ({ month_end: m, dso_90d: dso[k]!, overdue_share_amount: k === 11 ? 0.2199 : 0.25 })) };

describe('trend alt text', () => {
  it('states every month\'s DSO and the overdue share at both ends', () => {
    const text = trendAltText({ asOf: '2026-12-31', segment: null, currency: 'EUR', series: [eur] });
    expect(text).toBe(`DSO over 12 months in EUR: 41 days in Jan 2026, 41 days in Feb 2026, 41 days in Mar 2026, 40 days in Apr 2026, `
      + '40 days in May 2026, 40 days in Jun 2026, 40 days in Jul 2026, 39 days in Aug 2026, 39 days in Sep 2026, 39 days in Oct 2026, '
      + '38 days in Nov 2026, 38 days in Dec 2026; overdue share 25% in Jan 2026, 22% in Dec 2026.');
  });

  it('says "no sales" where DSO has no value, and names the segment', () => {
    const text = trendAltText({ asOf: '2026-12-31', segment: 'top', currency: 'EUR', series: [{ currency: 'EUR', points: [{ month_end: '2026-12-31', dso_90d: null, overdue_share_amount: null }] }] });
    expect(text).toBe('DSO over 1 months in EUR (segment top): no sales in Dec 2026; overdue share none open in Dec 2026.');
  });

  it('says there is nothing when no currency has a point', () => {
    expect(trendAltText({ asOf: '2026-12-31', segment: null, currency: null, series: [] }))
      .toBe('DSO and overdue share: no receivables in the 12 months to 31 Dec 2026.');
  });

  it('stays within Slack\'s alt_text limit with many currencies, cut between items', () => {
    const codes = ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'];
    const text = trendAltText({ asOf: '2026-12-31', segment: 'at_risk', currency: null, series: codes.map((currency) => ({ ...eur, currency })) });
    expect(text.length).toBeLessThanOrEqual(slackImageLimits.altTextMaxChars);
    expect(text.length).toBeGreaterThan(slackImageLimits.altTextMaxChars - 200);
    expect(text).toMatch(/(days in [A-Z][a-z]{2} \d{4}|\.)…$/);
  });
});

describe('aging alt text', () => {
  it('states each bucket\'s exact amount and the total', () => {
    const text = agingAltText({ asOf: '2026-12-31', segment: null, currency: 'EUR', aging: { current: 12_000_000n, d1_30: 3_000_000n, d31_60: 1_500_050n, d61_90: 40_000n, d91_plus: 2_500_000n } });
    expect(text).toBe('Open receivables in EUR on 31 Dec 2026 by days past due: current €120,000.00; 1–30 €30,000.00; 31–60 €15,000.50; '
      + '61–90 €400.00; Over 90 €25,000.00; total €190,400.50.');
  });
});

describe('clipAltText', () => {
  it.each([
    ['a 1, b 2, c 3', 10, 'a 1, b 2…'],
    ['short', 10, 'short'],
    ['abcdefghijkl', 5, 'abcd…'],
  ])('clips %j to %s characters as %j', (text, max, out) => {
    expect(clipAltText(text, max)).toBe(out);
  });
});

describe('chart data from the KPI reports', () => {
  const spec = { kind: 'aging' as const, asOf: '2026-12-31', segment: null, currency: 'KWD' };
  const kwd = { currency: 'KWD', aging: { current: '1.234', '1_30': '0.000', '31_60': '12.500', '61_90': '0.001', '91_plus': '1000000.000' } } as unknown as CurrencyKpis;

  it('reads the aging amounts back into minor units exactly', () => {
    const report: KpiReport = { as_of: '2026-12-31', currencies: [kwd] };
    expect(agingChartData(spec, report).aging).toEqual({ current: 1234n, d1_30: 0n, d31_60: 12_500n, d61_90: 1n, d91_plus: 1_000_000_000n });
  });

  it('draws a currency with nothing open as all zero', () => {
    expect(agingChartData({ ...spec, currency: 'EUR' }, { currencies: [kwd] }).aging)
      .toEqual({ current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_plus: 0n });
  });

  it('passes the trend report\'s currencies through as lines', () => {
    const data = trendChartData({ kind: 'trend', asOf: '2026-12-31', segment: 'top', currency: null }, { currencies: [eur] });
    expect(data).toEqual({ asOf: '2026-12-31', segment: 'top', currency: null, series: [eur] });
  });
});

describe('platform limits', () => {
  it('are the documented ones', () => {
    expect(slackImageLimits).toEqual({ imageUrlMaxChars: 3000, altTextMaxChars: 2000 });
    expect(teamsImageLimits).toEqual({ maxWidthPx: 1024, maxHeightPx: 1024, maxBytes: 1_048_576, protocol: 'https:' });
  });

  it('fit every chart: its size inside Teams\' box, its URL far inside Slack\'s length even on a long base URL', () => {
    expect(chartSizePx.width).toBeLessThanOrEqual(teamsImageLimits.maxWidthPx);
    expect(chartSizePx.height).toBeLessThanOrEqual(teamsImageLimits.maxHeightPx);
    const url = chartUrl(`https://${'a'.repeat(200)}.example.com/arbot`, 'secret-secret-secret-secret-secret!', { kind: 'trend', asOf: '2026-12-31', segment: 'at_risk', currency: 'EUR' }, new Date())!;
    expect(url.length).toBeLessThanOrEqual(slackImageLimits.imageUrlMaxChars);
    expect(url.length).toBeLessThan(320);
  });
});
