import { describe, expect, it } from 'vitest';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildDsoBlocks, dsoDetailsActionId, dsoFallbackText, dsoShareActionId, type DsoKpis } from '../../../blocks/slack/dso-blocks.js';
import { buildDsoDetailsBlocks, dsoDetailsFallbackText, trendText } from '../../../blocks/slack/dso-details-blocks.js';
import { decodeAction } from '../../../src/chat/chat-action.js';
import { slackImageLimits } from '../../../src/domain/charts/chart-limits.js';
import { compareDecimal, groupDigits, sparkline } from '../../../blocks/wording/number-text.js';
import type { TrendPoint } from '../../../src/domain/kpi/kpi-trend.js';
import { hostileName, currencyKpis } from './fixtures.js';
import { actionIdsOf, allNodes, blockKitViolations, parsedText, valuesOf, visibleText } from './limits.js';

const kpis = currencyKpis;

const months = ['2025-04-30', '2025-05-31', '2025-06-30', '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31'];
const trend = (dso: (number | null)[]): TrendPoint[] => months.map((m, k) => ({ month_end: m, dso_90d: dso[k] ?? null, overdue_share_amount: 0.3 }));

const report: DsoKpis = {
  currencies: [kpis('EUR'), kpis('USD', { open_ar: '5000.00', dso_90d: 12 }), kpis('JPY', {
    open_ar: '0', open_count: 0, overdue_count: 0, overdue_amount: '0', overdue_share_count: null, overdue_share_amount: null,
    avg_dispute_age_days: null, disputed_count: 0, disputed_amount: '0', dso_90d: null,
  })],
  trend: [
    { currency: 'EUR', points: trend([50, 50, 50, 50, 50, 50, 38.2, 40.1, 44, 41.3, 39.9, 41.25]) },
    { currency: 'USD', points: trend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) },
    { currency: 'JPY', points: trend([]) },
  ],
  topOverdue: [
    { customerName: 'Small Co', amount: '999.99', currency: 'EUR', daysOverdue: 3 },
    { customerName: 'Northwind Traders', amount: '120000.00', currency: 'EUR', daysOverdue: 45 },
    { customerName: hostileName, amount: '50000.00', currency: 'EUR', daysOverdue: 1 },
    { customerName: 'Contoso', amount: '80000.00', currency: 'EUR', daysOverdue: 92 },
    { customerName: 'Fabrikam', amount: '1000.00', currency: 'EUR', daysOverdue: 10 },
    { customerName: 'Tailspin', amount: '7000.00', currency: 'EUR', daysOverdue: 30 },
    { customerName: 'US Buyer', amount: '4000.00', currency: 'USD', daysOverdue: 15 },
  ],
};
const asOf = '2026-03-31';

const url = 'https://ar.example.com/charts/AQAACAAAAAAA.png';
const imagesOf = (blocks: unknown) => allNodes(blocks).filter((n) => n.type === 'image');

describe('buildDsoBlocks: the summary', () => {
  const blocks = buildDsoBlocks(report, { asOf, shared: false, chartUrl: url });
  const message = { text: dsoFallbackText({ asOf }), blocks };

  it('stays within every Block Kit limit, the image block included', () => {
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(blockKitViolations({ text: 'x', blocks: buildDsoBlocks(report, { asOf, shared: true, chartUrl: null }) }, 'message')).toEqual([]);
  });

  it('opens with one line per currency: DSO and its move since last month, overdue share, disputes and their age', () => {
    expect(blocks.slice(1, 4).map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      '*EUR*: DSO 41.3 days (up 1.4 days since end of Feb) · 31.2% of the amount overdue · 30,000.00 EUR in 4 disputes, average age 6.5 days',
      '*USD*: DSO 12.0 days (up 1.0 days since end of Feb) · 31.2% of the amount overdue · 30,000.00 USD in 4 disputes, average age 6.5 days',
      '*JPY*: DSO n/a (not comparable with end of Feb) · n/a of the amount overdue · nothing in dispute',
    ]);
  });

  it('gives each currency a "Details" button that names the report and the currency', () => {
    const details = buildDsoBlocks(report, { asOf, segment: 'top', shared: false, chartUrl: null }).slice(1, 4)
      .map((b) => (b as { accessory: { action_id: string; value: string; text: { text: string } } }).accessory);
    expect(details.map((d) => [d.action_id, d.text.text])).toEqual(Array(3).fill([dsoDetailsActionId, 'Details']));
    expect(details.map((d) => parseActionValue(d.value))).toEqual(['EUR', 'USD', 'JPY'].map((currency) => ({ ok: true, value: { kind: 'dso', asOf, segment: 'top', currency } })));
    expect(details.map((d) => decodeAction(dsoDetailsActionId, JSON.parse(d.value)))).toEqual(['EUR', 'USD', 'JPY'].map((currency) =>
      ({ ok: true, action: { type: 'show_dso_details', asOf, segment: 'top', currency } })));
  });

  it('shows the 12-month trend chart after the lines, with alt text stating every month, when there is a URL', () => {
    const [image] = imagesOf(blocks);
    expect(image).toEqual({ type: 'image', image_url: url, alt_text: expect.any(String) });
    expect(blocks.indexOf(image as never)).toBe(4);
    const alt = image!.alt_text as string;
    expect(alt).toMatch(/^DSO over 12 months in EUR: 50 days in Apr 2025, .*, 41 days in Mar 2026; overdue share 30% in Apr 2025, 30% in Mar 2026\. DSO over 12 months in USD: 1 days in Apr 2025/);
    expect(alt.length).toBeLessThanOrEqual(slackImageLimits.altTextMaxChars);
  });

  it('shows no image, the text only, without a chart URL', () => {
    const text = buildDsoBlocks(report, { asOf, shared: false, chartUrl: null });
    expect(imagesOf(text)).toEqual([]);
    expect(text.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
  });

  it('keeps the details out of the summary: no aging, trend text or customer list', () => {
    const text = visibleText(message);
    for (const s of ['Over 90 days', 'DSO trend', 'Largest overdue', 'Northwind']) expect(text).not.toContain(s);
    expect(text).not.toContain('1,253,000.00');
    expect(text).not.toMatch(/total/i);
  });

  it('offers "Share in channel" with the as-of date and segment until shared', () => {
    const mine = buildDsoBlocks(report, { asOf, segment: 'top', shared: false, chartUrl: null });
    expect(actionIdsOf(mine)).toEqual([dsoDetailsActionId, dsoDetailsActionId, dsoDetailsActionId, dsoShareActionId]);
    expect(parseActionValue(valuesOf(mine).at(-1))).toEqual({ ok: true, value: { kind: 'dso', asOf, segment: 'top' } });
    expect(mine[0]).toMatchObject({ type: 'header', text: { text: 'DSO and receivables · 2026-03-31 · top accounts' } });
    expect(actionIdsOf(buildDsoBlocks(report, { asOf, segment: 'top', shared: true }))).not.toContain(dsoShareActionId);
  });

  it('says so when there is nothing to measure, with no chart', () => {
    const empty = buildDsoBlocks({ currencies: [], trend: [], topOverdue: [] }, { asOf, shared: true, chartUrl: url });
    expect(visibleText({ blocks: empty })).toContain('No open receivables');
    expect(imagesOf(empty)).toEqual([]);
    expect(blockKitViolations({ text: 'x', blocks: empty }, 'message')).toEqual([]);
  });

  it('keeps under 50 blocks with the chart and counts the currencies left out', () => {
    const many = { ...report, currencies: Array.from({ length: 60 }, (_, k) => kpis(`C${String(k).padStart(2, '0')}`)) };
    const out = buildDsoBlocks(many, { asOf, shared: false, chartUrl: url });
    expect(out.length).toBe(50);
    expect(blockKitViolations({ text: 'x', blocks: out }, 'message')).toEqual([]);
    expect(imagesOf(out)).toHaveLength(1);
    expect(visibleText({ blocks: out })).toContain('…and 15 more currencies not shown.');
  });

  it('is checked against Slack\'s image block rules (the checker refuses a broken one)', () => {
    const broken = [{ type: 'image', image_url: 'javascript:alert(1)', alt_text: '' }, { type: 'image', image_url: `https://x.example/${'a'.repeat(3000)}`, alt_text: 'a'.repeat(2001) }];
    expect(blockKitViolations({ text: 'x', blocks: broken }, 'message')).toEqual([
      'blocks[0].image_url: not an http(s) URL', 'blocks[0].alt_text: empty (at least 1)',
      'blocks[1].image_url: 3018 > 3000', 'blocks[1].alt_text: 2001 > 2000',
    ]);
  });

  it('leaves the image out rather than send a URL longer than Slack takes', () => {
    expect(imagesOf(buildDsoBlocks(report, { asOf, shared: false, chartUrl: `https://x.example/${'a'.repeat(3000)}.png` }))).toEqual([]);
  });
});

describe('buildDsoDetailsBlocks: one currency in full', () => {
  const blocks = buildDsoDetailsBlocks(report, { asOf, currency: 'EUR' });
  const message = { text: dsoDetailsFallbackText({ asOf, currency: 'EUR' }), blocks };

  it('stays within every Block Kit limit, with no buttons', () => {
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(actionIdsOf(blocks)).toEqual([]);
    expect(message.text).toBe('DSO and receivables as of 2026-03-31: EUR in detail');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'DSO and receivables · 2026-03-31 · EUR' } });
  });

  it('puts the three headline KPIs first: DSO, overdue share by count and amount, disputes and their age', () => {
    const first = blocks[1] as { text: { text: string }; fields: { text: string }[] };
    expect(first.text.text).toBe('*EUR*');
    expect(first.fields.map((f) => f.text)).toEqual([
      '*DSO (90 days)*\n41.3 days',
      '*Overdue share*\n25.0% of invoices (12 of 48)\n31.2% of the amount (389,500.50 EUR)',
      '*In dispute*\n30,000.00 EUR in 4 disputes\naverage age 6.5 days',
      '*Open receivables*\n1,248,000.00 EUR in 48 invoices',
    ]);
    expect(visibleText(message)).not.toContain('USD');
  });

  it('reads "n/a" for KPIs without a denominator', () => {
    const jpy = visibleText({ blocks: buildDsoDetailsBlocks(report, { asOf, currency: 'JPY' }) });
    expect(jpy).toContain('*JPY*');
    expect(jpy).toContain('*DSO (90 days)*\nn/a');
    expect(jpy).toContain('n/a of invoices (0 of 0)');
    expect(jpy).toContain('average age n/a');
    expect(jpy).toContain('*DSO trend, last 12 month ends*\n`············`  Apr n/a');
  });

  it('shows the aging buckets', () => {
    const aging = visibleText({ blocks: [blocks[2]!] });
    for (const s of ['Not yet due*\n858,499.50 EUR', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days*\n39,500.50 EUR']) expect(aging).toContain(s);
  });

  it('shows the twelve months of the DSO trend, as the chart does', () => {
    expect(visibleText({ blocks: [blocks[3]!] })).toBe('*DSO trend, last 12 month ends*\n`██████▁▂▄▃▂▃`'
      + '  Apr 50.0 · May 50.0 · Jun 50.0 · Jul 50.0 · Aug 50.0 · Sep 50.0 · Oct 38.2 · Nov 40.1 · Dec 44.0 · Jan 41.3 · Feb 39.9 · Mar 41.3');
  });

  it('lists the five largest overdue customers of the currency, largest first, names escaped', () => {
    const top = visibleText({ blocks: [blocks[4]!] });
    expect(top.split('\n').slice(1)).toEqual([
      '• *Northwind Traders* · 120,000.00 EUR · oldest 45 days overdue',
      '• *Contoso* · 80,000.00 EUR · oldest 92 days overdue',
      '• *&lt;!channel&gt; &amp; ∗bold∗* · 50,000.00 EUR · oldest 1 day overdue',
      '• *Tailspin* · 7,000.00 EUR · oldest 30 days overdue',
      '• *Fabrikam* · 1,000.00 EUR · oldest 10 days overdue',
    ]);
    expect(parsedText(message)).not.toContain('<!channel>');
  });

  it('says so when the currency has nothing left', () => {
    const gone = buildDsoDetailsBlocks(report, { asOf, currency: 'CHF' });
    expect(visibleText({ blocks: gone })).toContain('No open CHF receivables and no CHF sales in the last 90 days as of 2026-03-31.');
    expect(blockKitViolations({ text: 'x', blocks: gone }, 'message')).toEqual([]);
  });
});

describe('number text', () => {
  it.each([['0', '0'], ['999.99', '999.99'], ['1000', '1,000'], ['-1234567.50', '-1,234,567.50'], ['12.345', '12.345'], ['n/a', 'n/a']])('groups %s as %s', (a, b) => {
    expect(groupDigits(a)).toBe(b);
  });

  it.each([['999.99', '1000.00', -1], ['1000', '1000.00', 0], ['-5', '3', -1], ['0.10', '0.09', 1]])('compares %s and %s exactly', (a, b, r) => {
    expect(compareDecimal(a, b)).toBe(r);
  });

  it.each([
    [[30, 40, null, 50], '▁▅·█'],
    [[7, 7, 7], '▄▄▄'],
    [[null, null], '··'],
  ])('draws %j as %s', (values, line) => {
    expect(sparkline(values)).toBe(line);
  });

  it('draws a trend of fewer than twelve months with what there is', () => {
    expect(trendText(trend([10, 20]).slice(0, 2))).toBe('*DSO trend, last 2 month ends*\n`▁█`  Apr 10.0 · May 20.0');
  });
});
