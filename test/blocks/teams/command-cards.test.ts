import { describe, expect, it } from 'vitest';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { buildCustomerCard, buildCustomerChoiceCard } from '../../../blocks/teams/ar-card.js';
import { buildDsoCard } from '../../../blocks/teams/dso-card.js';
import { buildDsoDetailsCard } from '../../../blocks/teams/dso-details-card.js';
import type { CustomerOverview } from '../../../src/views/customer-view.js';
import type { DsoKpis } from '../../../src/views/dso-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { ana, dev, hostileName, currencyKpis } from '../slack/fixtures.js';
import { cardViolations, nodes, visibleText } from './card-schema.js';

const kpis = currencyKpis;

const months = ['2025-10-31', '2025-11-30', '2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31'];
const report = (currencies: string[]): DsoKpis => ({
  currencies: currencies.map((c) => kpis(c)),
  trend: currencies.map((c) => ({ currency: c, points: months.map((m, k) => ({ month_end: m, dso_90d: k === 2 ? null : 38 + k, overdue_share_amount: 0.3 })) })),
  topOverdue: currencies.flatMap((c) => Array.from({ length: 8 }, (_, k) => ({ customerName: k === 0 ? hostileName : `Customer ${k}`, amount: `${1000 * (k === 0 ? 99 : k + 1)}.00`, currency: c, daysOverdue: k + 1 }))),
});

function overview(invoices: number, over: Partial<CustomerOverview> = {}): CustomerOverview {
  return {
    customerName: 'Northwind Traders', customerExternalId: 'NW-001', segment: 'top', strategic: true,
    owners: { sales: ana, delivery: dev },
    totals: [{ currency: 'EUR', amountDue: '€48,000.00', overdue: '€12,480.00' }],
    openInvoices: Array.from({ length: invoices }, (_, k) => ({
      invoiceId: String(3000 + k), number: `INV-2026-${String(k).padStart(4, '0')}`, amountDue: '€1,000.00', dueDate: '2026-02-01', daysOverdue: 200 - k,
    })),
    disputes: [{ disputeId: '77', invoiceNumber: 'INV-2026-0001', reason: '*Pallet* missing', status: 'to_clarify', owner: null, ageDays: 3 }],
    promises: [{ invoiceNumber: 'INV-2026-0002', date: '2026-04-01', amount: '€500.00' }],
    lastReminders: [{ step: 'final_notice', sentAt: '2026-03-09T08:00:00Z', tracking: 'bounced', invoiceNumbers: ['INV-2026-0001'] }],
    onHoldUntil: null,
    conversation: { zone: 'Europe/Paris', waiting: 0, replies: [] },
    ...over,
  };
}

const chartUrl = 'https://ar.example.com/charts/AQAACAAAAAAA.png';
const images = (card: unknown) => nodes(card).filter((n) => n.type === 'Image');

describe('@arbot dso card: the summary', () => {
  it.each([[[]], [['EUR']], [['EUR', 'USD', 'JPY']], [Intl.supportedValuesOf('currency').slice(0, 40)]])(
    'is a valid card within Teams\' size for currencies %j, with and without the chart', (currencies) => {
      expect(cardViolations(buildDsoCard(report(currencies), { asOf: '2026-03-31' }).card)).toEqual([]);
      expect(cardViolations(buildDsoCard(report(currencies), { asOf: '2026-03-31', chartUrl }).card)).toEqual([]);
    });

  it('opens with one line per currency and a "Details" button that reads back as that currency\'s details', () => {
    const { card } = buildDsoCard(report(['EUR', 'USD']), { asOf: '2026-03-31', segment: 'top' });
    const text = visibleText(card);
    expect(text).toContain('DSO and receivables · 2026-03-31 · top accounts');
    expect(text).toContain('**EUR**: DSO 41.3 days (down 0.8 days since end of Feb) · 31.2% of the amount overdue · 30,000.00 EUR in 4 disputes, average age 6.5 days');
    for (const s of ['Over 90 days', 'DSO trend', 'Largest overdue']) expect(text).not.toContain(s);
    const buttons = nodes(card).filter((n) => n.type === 'Action.Execute');
    expect(buttons.map((b) => b.title)).toEqual(['Details', 'Details']);
    expect(buttons.map((b) => parseActionData(b.verb, b.data))).toEqual(['EUR', 'USD'].map((currency) =>
      ({ ok: true, action: { type: 'show_dso_details', asOf: '2026-03-31', segment: 'top', currency } })));
  });

  it('shows the trend chart as an Image with alt text stating the numbers, only with an HTTPS URL', () => {
    const [image] = images(buildDsoCard(report(['EUR']), { asOf: '2026-03-31', chartUrl }).card);
    expect(image).toMatchObject({ type: 'Image', url: chartUrl });
    expect(image!.altText).toMatch(/^DSO over 6 months in EUR: 38 days in Oct 2025, 39 days in Nov 2025, no sales in Dec 2025, .*; overdue share 30% in Oct 2025, 30% in Mar 2026\.$/);
    expect(images(buildDsoCard(report(['EUR']), { asOf: '2026-03-31', chartUrl: null }).card)).toEqual([]);
    expect(images(buildDsoCard(report(['EUR']), { asOf: '2026-03-31', chartUrl: 'http://ar.example.com/charts/x.png' }).card)).toEqual([]);
    expect(images(buildDsoCard(report([]), { asOf: '2026-03-31', chartUrl }).card)).toEqual([]);
  });

  it('says "…and N more currencies" when they do not all fit', () => {
    const { card } = buildDsoCard(report(Intl.supportedValuesOf('currency').slice(0, 120)), { asOf: '2026-03-31', chartUrl });
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toMatch(/…and \d+ more currencies not shown/);
  });
});

describe('@arbot dso card: one currency\'s details', () => {
  it.each([['EUR'], ['CHF']])('is a valid card for %s', (currency) => {
    expect(cardViolations(buildDsoDetailsCard(report(['EUR', 'USD']), { asOf: '2026-03-31', currency }).card)).toEqual([]);
  });

  it('shows the figures /dso printed before the summary: headline KPIs, aging, trend and the five largest overdue customers', () => {
    const text = visibleText(buildDsoDetailsCard(report(['EUR', 'USD']), { asOf: '2026-03-31', segment: 'top', currency: 'EUR' }).card);
    for (const s of ['DSO and receivables · 2026-03-31 · top accounts · EUR', '41.3 days', '25.0% of invoices (12 of 48)', '1,248,000.00 EUR',
      'Over 90 days', '39,500.50 EUR', 'DSO trend, last 6 month ends', 'Dec n/a', '**Customer 7** · 8,000.00 EUR']) expect(text).toContain(s);
    expect(text).not.toContain('Customer 2**');
    expect(text).not.toContain('USD');
    expect(text).toContain('‹!channel› & ∗bold∗');
  });
});

describe('@arbot ar cards', () => {
  it.each([0, 3, 200, 5000])('is a valid card within Teams\' size with %i open invoices', (n) => {
    expect(cardViolations(buildCustomerCard(overview(n)).card)).toEqual([]);
  });

  it('shows owners, totals, invoices, disputes, promises and reminders, escaped', () => {
    const text = visibleText(buildCustomerCard(overview(3)).card);
    for (const s of ['Top account · strategic · NW-001', 'Sales: Ana Costa · Delivery: Dev Lead', '€48,000.00 · €12,480.00 overdue',
      '**Open invoices (3)**', '**INV-2026-0000** · €1,000.00 · due 2026-02-01 (200 days overdue)', '∗Pallet∗ missing',
      '**INV-2026-0002** · €500.00 by 2026-04-01', 'final notice, sent 2026-03-09 08:00 UTC · ⚠️ bounced']) expect(text).toContain(s);
  });

  it('offers at most six matches as actions that open the customer', () => {
    const matches = Array.from({ length: 9 }, (_, k) => ({ customerExternalId: `C-${k}`, customerName: `Acme ${k}`, segment: 'standard' as const, strategic: false }));
    const { card } = buildCustomerChoiceCard(matches, 'acme');
    expect(cardViolations(card)).toEqual([]);
    const actions = nodes(card).filter((n) => n.type === 'Action.Execute');
    expect(actions.map((a) => a.data)).toEqual(matches.slice(0, 6).map((m) => ({ c: m.customerExternalId })));
    expect(visibleText(card)).toContain('…and 3 more');
  });
});

describe('card action data', () => {
  it.each([
    [actionIds.claimDispute, { d: '45' }, true],
    [actionIds.claimDispute, { d: '45', extra: 'ignored' }, true],
    [actionIds.claimDispute, { d: '-1' }, false],
    [actionIds.claimDispute, '{"d":"45"}', true],
    [actionIds.claimDispute, 'not json', false],
    [actionIds.setDisputeStatus, { d: '45', status: 'resolved' }, true],
    [actionIds.setDisputeStatus, { d: '45' }, false],
    [actionIds.refuseEscalation, { e: '9' }, true],
    [actionIds.logPromise, { i: '1', promise_date: '2026-04-01' }, true],
    [actionIds.openDispute, { i: '1', dispute_reason: 'bribe' }, false],
    [actionIds.addNote, { d: '1', note_text: 'hi' }, true],
    [actionIds.addNote, { note_text: 'hi' }, false],
    ['arbot.unknown', { d: '1' }, false],
    [42, { d: '1' }, false],
  ])('%s %j → %s', (verb, data, ok) => {
    expect(parseActionData(verb, data).ok).toBe(ok);
  });
});
