import { describe, expect, it } from 'vitest';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildDsoBlocks, dsoFallbackText, dsoShareActionId, trendText, type DsoKpis } from '../../../blocks/slack/dso-blocks.js';
import { compareDecimal, groupDigits, sparkline } from '../../../blocks/wording/number-text.js';
import type { TrendPoint } from '../../../src/domain/kpi/kpi-trend.js';
import { hostileName, currencyKpis } from './fixtures.js';
import { actionIdsOf, blockKitViolations, parsedText, valuesOf, visibleText } from './limits.js';

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

describe('buildDsoBlocks', () => {
  const blocks = buildDsoBlocks(report, { asOf, shared: false });
  const message = { text: dsoFallbackText({ asOf }), blocks };

  it('stays within every Block Kit limit', () => {
    expect(blockKitViolations(message, 'message')).toEqual([]);
  });

  it('puts the three headline KPIs of each currency first: DSO, overdue share by count and amount, disputes and their age', () => {
    const first = blocks[1] as { text: { text: string }; fields: { text: string }[] };
    expect(first.text.text).toBe('*EUR*');
    expect(first.fields.map((f) => f.text)).toEqual([
      '*DSO (90 days)*\n41.3 days',
      '*Overdue share*\n25.0% of invoices (12 of 48)\n31.2% of the amount (389,500.50 EUR)',
      '*In dispute*\n30,000.00 EUR in 4 disputes\naverage age 6.5 days',
      '*Open receivables*\n1,248,000.00 EUR in 48 invoices',
    ]);
  });

  it('shows each currency on its own, never a total across currencies', () => {
    const text = visibleText(message);
    expect(text).toContain('*EUR*');
    expect(text).toContain('*USD*');
    expect(text).toContain('5,000.00 USD');
    expect(text).not.toContain('1,253,000.00');
    expect(text).not.toMatch(/total/i);
  });

  it('reads "n/a" for KPIs without a denominator', () => {
    const jpy = visibleText({ blocks: blocks.slice(11, 16) });
    expect(jpy).toContain('*JPY*');
    expect(jpy).toContain('*DSO (90 days)*\nn/a');
    expect(jpy).toContain('n/a of invoices (0 of 0)');
    expect(jpy).toContain('average age n/a');
    expect(jpy).toContain('*DSO trend, last 6 month ends*\n`······`  Oct n/a');
  });

  it('shows the aging buckets', () => {
    const aging = visibleText({ blocks: [blocks[2]!] });
    for (const s of ['Not yet due*\n858,499.50 EUR', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days*\n39,500.50 EUR']) expect(aging).toContain(s);
  });

  it('shows the last six months of the DSO trend', () => {
    expect(visibleText({ blocks: [blocks[3]!] })).toBe('*DSO trend, last 6 month ends*\n`▁▃█▅▃▅`  Oct 38.2 · Nov 40.1 · Dec 44.0 · Jan 41.3 · Feb 39.9 · Mar 41.3');
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

  it('offers "Share in channel" with the as-of date and segment until shared', () => {
    const mine = buildDsoBlocks(report, { asOf, segment: 'top', shared: false });
    expect(actionIdsOf(mine)).toEqual([dsoShareActionId]);
    expect(valuesOf(mine).map((v) => parseActionValue(v))).toEqual([{ ok: true, value: { kind: 'dso', asOf, segment: 'top' } }]);
    expect(mine[0]).toMatchObject({ type: 'header', text: { text: 'DSO and receivables · 2026-03-31 · top accounts' } });
    expect(actionIdsOf(buildDsoBlocks(report, { asOf, segment: 'top', shared: true }))).toEqual([]);
  });

  it('says so when there is nothing to measure', () => {
    const empty = buildDsoBlocks({ currencies: [], trend: [], topOverdue: [] }, { asOf, shared: true });
    expect(visibleText({ blocks: empty })).toContain('No open receivables');
    expect(blockKitViolations({ text: 'x', blocks: empty }, 'message')).toEqual([]);
  });

  it('keeps whole currencies under 50 blocks and counts the ones left out', () => {
    const many = { ...report, currencies: Array.from({ length: 15 }, (_, k) => kpis(`C${String(k).padStart(2, '0')}`)) };
    const out = buildDsoBlocks(many, { asOf, shared: false });
    expect(out.length).toBeLessThanOrEqual(50);
    expect(blockKitViolations({ text: 'x', blocks: out }, 'message')).toEqual([]);
    expect(visibleText({ blocks: out })).toContain('…and 6 more currencies not shown.');
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

  it('draws a trend of fewer than six months with what there is', () => {
    expect(trendText(trend([10, 20]).slice(0, 2))).toBe('*DSO trend, last 2 month ends*\n`▁█`  Apr 10.0 · May 20.0');
  });
});
