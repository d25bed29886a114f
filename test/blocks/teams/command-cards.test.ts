import { describe, expect, it } from 'vitest';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { buildCustomerCard, buildCustomerChoiceCard } from '../../../blocks/teams/ar-card.js';
import { buildDsoCard } from '../../../blocks/teams/dso-card.js';
import type { CustomerOverview } from '../../../src/views/customer-view.js';
import type { DsoKpis } from '../../../src/views/dso-view.js';
import { actionIds } from '../../../src/views/alert-view.js';
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

describe('@arbot dso card', () => {
  it.each([[[]], [['EUR']], [['EUR', 'USD', 'JPY']], [Array.from({ length: 40 }, (_, k) => `C${String(k).padStart(2, '0')}`)]])(
    'is a valid card within Teams\' size for currencies %j', (currencies) => {
      const { card } = buildDsoCard(report(currencies), { asOf: '2026-03-31' });
      expect(cardViolations(card)).toEqual([]);
    });

  it('shows the same figures as /dso: headline KPIs, aging, trend and the five largest overdue customers', () => {
    const text = visibleText(buildDsoCard(report(['EUR']), { asOf: '2026-03-31', segment: 'top' }).card);
    for (const s of ['DSO and receivables · 2026-03-31 · top accounts', '41.3 days', '25.0% of invoices (12 of 48)', '1,248,000.00 EUR',
      'Over 90 days', '39,500.50 EUR', 'DSO trend, last 6 month ends', 'Dec n/a', '**Customer 7** · 8,000.00 EUR']) expect(text).toContain(s);
    expect(text).not.toContain('Customer 2**');
    expect(text).toContain('‹!channel› & ∗bold∗');
  });

  it('says "…and N more currencies" when they do not all fit', () => {
    const text = visibleText(buildDsoCard(report(Array.from({ length: 40 }, (_, k) => `C${k}`)), { asOf: '2026-03-31' }).card);
    expect(text).toMatch(/…and \d+ more currencies not shown/);
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
