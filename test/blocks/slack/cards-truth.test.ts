import { describe, expect, it } from 'vitest';
import { buildHomeView, type HomeQueue } from '../../../blocks/slack/home-view.js';
import { dispute, invoice } from './fixtures.js';
import { blockKitViolations } from './limits.js';

// Cards say only what is true and show what people typed: the Slack side of the "cards" findings.

describe('App Home lists (finding 8: cut at a line boundary)', () => {
  const queue = (nameLength: number, n: number): HomeQueue => ({
    disputes: Array.from({ length: n }, (_, k) => dispute({ disputeId: String(k + 1), ageHours: 100 - k,
      invoice: invoice({ number: `INV-${1000 + k}`, customerName: `Customer ${k} ${'x'.repeat(nameLength)}`, amountDue: '€1,500.00' }) })),
    approvals: [], overdueAccounts: [], asOf: '2026-03-09T10:00:00Z',
  });

  it.each([20, 37, 52, 61, 80, 118])('never cuts a dispute line mid-way (names of %i characters)', (nameLength) => {
    const view = buildHomeView(queue(nameLength, 40));
    expect(blockKitViolations(view, 'home')).toEqual([]);
    const texts = view.blocks.flatMap((b) => (b.type === 'section' && b.text?.text.includes('Customer') ? [b.text.text] : []));
    expect(texts.length).toBeGreaterThan(0);
    const lines = texts.flatMap((t) => t.split('\n'));
    const bullets = lines.filter((l) => l.startsWith('• '));
    for (const l of bullets) expect(l).toMatch(/€1,500\.00$/);
    for (const l of lines.filter((l) => !l.startsWith('• '))) expect(l).toMatch(/^(\*My disputes, oldest first \(40\)\*|…and \d+ more disputes?)$/);
    const more = /…and (\d+) more/.exec(texts.join('\n'));
    expect(bullets.length + Number(more?.[1] ?? 0)).toBe(40);
  });
});
