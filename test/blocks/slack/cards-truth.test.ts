import { describe, expect, it } from 'vitest';
import { buildHomeView, type HomeQueue } from '../../../blocks/slack/home-view.js';
import { dev, dispute, invoice } from './fixtures.js';
import { buildAlertMessage } from '../../../blocks/slack/alert-blocks.js';
import { blockKitViolations, visibleText } from './limits.js';

// Cards say only what is true and show what people typed: the Slack side of the "cards" findings.

describe('App Home lists (finding 8: cut at a line boundary)', () => {
  const queue = (nameLength: number, n: number): HomeQueue => ({
    disputes: Array.from({ length: n }, (_, k) => dispute({ disputeId: String(k + 1), ageHours: 100 - k,
      invoice: invoice({ number: `INV-${1000 + k}`, customerName: `Customer ${k} ${'x'.repeat(nameLength)}`, amountDue: '€1,500.00' }) })),
    approvals: [], overdueAccounts: [], repliesWaiting: { total: 0, replies: [] }, asOf: '2026-03-09T10:00:00Z',
  });

  it.each([20, 37, 52, 61, 80, 118])('never cuts a dispute line mid-way (names of %i characters)', (nameLength) => {
    const view = buildHomeView(queue(nameLength, 40));
    expect(blockKitViolations(view, 'home')).toEqual([]);
    const texts = view.blocks.flatMap((b) => (b.type === 'section' && 'text' in b && b.text?.text.includes('Customer') ? [b.text.text] : []));
    expect(texts.length).toBeGreaterThan(0);
    const lines = texts.flatMap((t) => t.split('\n'));
    const bullets = lines.filter((l) => l.startsWith('• '));
    for (const l of bullets) expect(l).toMatch(/€1,500\.00$/);
    for (const l of lines.filter((l) => !l.startsWith('• '))) expect(l).toMatch(/^(\*My disputes, oldest first \(40\)\*|…and \d+ more disputes?)$/);
    const more = /…and (\d+) more/.exec(texts.join('\n'));
    expect(bullets.length + Number(more?.[1] ?? 0)).toBe(40);
  });
});

describe('delivery alerts (finding 3: say what is true)', () => {
  const late = invoice({ daysOverdue: 12 });
  it.each([
    ['no dispute', null],
    ['a dispute about a missing PO', dispute({ reason: 'Missing PO', deliveryRelated: false })],
  ])('with %s, ask whether anything blocks payment and never claim payment waits on delivery', (_, d) => {
    const message = buildAlertMessage({ kind: 'delivery_blocker', invoice: late, owner: dev, dispute: d });
    expect(blockKitViolations(message, 'message')).toEqual([]);
    const text = visibleText(message);
    expect(text).not.toMatch(/waiting on delivery|blocker/i);
    expect(text).toContain('12 days overdue. Delivery, is anything blocking payment');
  });

  it('with a delivery-related dispute, says payment is waiting on delivery', () => {
    const message = buildAlertMessage({ kind: 'delivery_blocker', invoice: late, owner: dev, dispute: dispute({ deliveryRelated: true }) });
    expect(visibleText(message)).toMatch(/Delivery blocker/);
    expect(visibleText(message)).toContain('disputed for a delivery reason, so payment is waiting on delivery');
  });
});
