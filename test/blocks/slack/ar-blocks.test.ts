import { describe, expect, it } from 'vitest';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import {
  buildCustomerBlocks, buildCustomerChoiceBlocks, customerChoiceActionId, type CustomerMatch, type CustomerOverview,
} from '../../../blocks/slack/ar-blocks.js';
import { ana, bob, dev, hostileName, hostileNote } from './fixtures.js';
import { actionIdsOf, blockKitViolations, parsedText, valuesOf, visibleText } from './limits.js';

function overview(invoices: number, over: Partial<CustomerOverview> = {}): CustomerOverview {
  return {
    customerName: 'Northwind Traders', customerExternalId: 'NW-001', segment: 'top', strategic: true,
    owners: { sales: ana, delivery: dev },
    totals: [{ currency: 'EUR', amountDue: '€48,000.00', overdue: '€12,480.00' }, { currency: 'USD', amountDue: '$900.00', overdue: '$0.00' }],
    openInvoices: Array.from({ length: invoices }, (_, k) => ({
      invoiceId: String(3000 + k), number: `INV-2026-${String(k).padStart(4, '0')}`, amountDue: '€1,000.00', dueDate: '2026-02-01', daysOverdue: 200 - k,
    })),
    disputes: [{ disputeId: '77', invoiceNumber: 'INV-2026-0001', reason: 'Pallet missing', status: 'to_clarify', owner: null, ageDays: 3 }],
    promises: [{ invoiceNumber: 'INV-2026-0002', date: '2026-04-01', amount: '€500.00' }, { invoiceNumber: 'INV-2026-0003', date: '2026-04-02', amount: null }],
    lastReminders: [{ step: 'final_notice', sentAt: '2026-03-09T08:00:00Z', tracking: 'bounced', invoiceNumbers: ['INV-2026-0001', 'INV-2026-0002'] }],
    onHoldUntil: null,
    conversation: { zone: 'Europe/Paris', waiting: 0, replies: [] },
    ...over,
  };
}

const message = (blocks: unknown[]) => ({ text: 'AR', blocks });

describe('buildCustomerBlocks', () => {
  it.each([0, 1, 3, 30, 200, 5000])('stays within every limit with %i open invoices', (n) => {
    expect(blockKitViolations(message(buildCustomerBlocks(overview(n))), 'message')).toEqual([]);
  });

  it('shows owners, per-currency totals, invoices, disputes, promises and last reminders', () => {
    const text = visibleText(message(buildCustomerBlocks(overview(3))));
    for (const s of [
      'Top account · strategic · NW-001', 'Sales: <@U0ANA0001> · Delivery: <@W0DEV0002>',
      '*Due in EUR*\n€48,000.00 · €12,480.00 overdue', '*Due in USD*\n$900.00',
      '*Open invoices (3)*\n• *INV-2026-0000* · €1,000.00 · due 2026-02-01 (200 days overdue)',
      '*Disputes (1)*\n• *INV-2026-0001* · To clarify · unclaimed · 3 days old — Pallet missing',
      '• *INV-2026-0002* · €500.00 by 2026-04-01', '• *INV-2026-0003* · the amount due by 2026-04-02',
      'final notice, sent <!date^1773043200^', ':warning: bounced (INV-2026-0001, INV-2026-0002)',
    ]) expect(text).toContain(s);
  });

  it('truncates 200 open invoices with "and N more", in whole lines', () => {
    const blocks = buildCustomerBlocks(overview(200));
    const text = visibleText(message(blocks));
    const shown = text.match(/^• \*INV-.* · due /gm)!.length;
    expect(shown).toBe(80);
    expect(text).toContain(`…and ${200 - shown} more invoices`);
    expect(text).toContain('*Open invoices (200)*');
    expect(blocks.length).toBeLessThan(20);
  });

  it('says "none" for empty lists and names a pause', () => {
    const text = visibleText(message(buildCustomerBlocks(overview(0, { disputes: [], promises: [], lastReminders: [], totals: [], onHoldUntil: '2026-04-15', owners: { sales: null, delivery: bob } }))));
    for (const s of ['Nothing due.', '*Open invoices (0)*\nNone.', 'None open.', 'None sent yet.', 'Reminders paused until 2026-04-15', 'Sales: no owner', 'Bob &lt;!here&gt;ˍx']) {
      expect(text).toContain(s);
    }
  });

  it('escapes the customer, invoice numbers, reasons and amounts', () => {
    const hostile = overview(2, {
      customerName: hostileName, customerExternalId: hostileNote,
      disputes: [{ disputeId: '1', invoiceNumber: '<!here>', reason: hostileNote, status: 'resolved', owner: ana, ageDays: 1 }],
      promises: [{ invoiceNumber: '<@U999>', date: '<!channel>', amount: hostileName }],
    });
    const text = parsedText(message(buildCustomerBlocks(hostile)));
    expect(text).not.toMatch(/<!(channel|here)|<@U999>|<http/);
    expect(text).toContain('claimed by <@U0ANA0001>');
  });
});

describe('buildCustomerChoiceBlocks', () => {
  const matches: CustomerMatch[] = Array.from({ length: 14 }, (_, k) => ({
    customerExternalId: `NW-${k}`, customerName: k === 0 ? hostileName : `Northwind ${k}`, segment: 'standard', strategic: false,
  }));

  it('offers one "Show" button per match up to ten, then counts the rest', () => {
    const blocks = buildCustomerChoiceBlocks(matches, 'north');
    expect(actionIdsOf(blocks)).toEqual(Array(10).fill(customerChoiceActionId));
    expect(valuesOf(blocks).map((v) => parseActionValue(v, 'customer'))).toEqual(
      matches.slice(0, 10).map((m) => ({ ok: true, value: { kind: 'customer', customerExternalId: m.customerExternalId } })));
    expect(visibleText(message(blocks))).toContain('…and 4 more.');
    expect(blockKitViolations(message(blocks), 'message')).toEqual([]);
    expect(parsedText(message(blocks))).not.toContain('<!channel>');
  });

  it('says when nothing matches, with the query escaped', () => {
    const blocks = buildCustomerChoiceBlocks([], '<!channel>');
    expect(visibleText(message(blocks))).toBe('AR\nNo customer matches “&lt;!channel&gt;”. Try part of the name or the ERP id.');
  });

  it('leaves out the button of an id too long for a button value', () => {
    const blocks = buildCustomerChoiceBlocks([{ ...matches[1]!, customerExternalId: 'x'.repeat(2100) }, matches[2]!], 'north');
    expect(actionIdsOf(blocks)).toEqual([customerChoiceActionId]);
    expect(blockKitViolations(message(blocks), 'message')).toEqual([]);
  });
});
