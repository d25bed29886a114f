import { describe, expect, it } from 'vitest';
import { buildReviewMessage } from '../../../blocks/slack/review-blocks.js';
import { buildTeamMessage } from '../../../blocks/slack/team-blocks.js';
import { reviewAccount, reviewView, teamOwner, teamView } from '../report-fixtures.js';
import { hostileName } from './fixtures.js';
import { blockKitViolations, visibleText } from './limits.js';

const many = <T>(n: number, make: (k: number) => T) => Array.from({ length: n }, (_, k) => make(k));
const currencies = many(12, (k) => `C${String(k).padStart(2, '0')}`);

describe('/review blocks', () => {
  it.each([
    ['no account', reviewView([], [])],
    ['one account', reviewView([reviewAccount(1)])],
    ['500 accounts in 12 currencies with long names', reviewView(many(500, (k) => reviewAccount(k, 'N'.repeat(300), currencies)), currencies)],
  ])('stays within Block Kit with %s', (_, view) => {
    const message = buildReviewMessage(view);
    expect(blockKitViolations(message, 'message')).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it('shows the first 20 accounts and counts the rest', () => {
    const message = buildReviewMessage(reviewView(many(23, (k) => reviewAccount(k))));
    const text = visibleText(message.blocks);
    expect(text).toContain('Customer 19');
    expect(text).not.toContain('Customer 20*');
    expect(text).toContain('…and 3 more accounts');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });

  it('writes each figure with its change, one currency per line, the customer\'s name escaped', () => {
    const text = visibleText(buildReviewMessage(reviewView([reviewAccount(1, hostileName)])).blocks);
    expect(text).toContain('EUR: invoiced €500.00 (−€500.00) · collected €400.00 (+€200.00) · open €1,100.00 (+€100.00) · overdue €600.00 (+€600.00)');
    expect(text).toContain('Disputes: 2 opened (±0), 1 open at month end (−1)');
    expect(text).toContain('&lt;!channel&gt; &amp; ∗bold∗');
    expect(text).not.toContain('<!channel>');
  });

  it('says so when there is no top or strategic account', () => {
    expect(visibleText(buildReviewMessage(reviewView([], [])).blocks)).toContain('No top or strategic accounts yet');
  });
});

describe('/team blocks', () => {
  it.each([
    ['nobody matching', teamView([], { query: hostileName })],
    ['one owner', teamView([teamOwner(1)], { scope: 'own' })],
    ['400 owners with long names', teamView(many(400, (k) => teamOwner(k, 'O'.repeat(500))))],
  ])('stays within Block Kit with %s', (_, view) => {
    expect(blockKitViolations(buildTeamMessage(view), 'message')).toEqual([]);
  });

  it('shows the first 20 owners, counts the rest, and always the team totals', () => {
    const text = visibleText(buildTeamMessage(teamView(many(25, (k) => teamOwner(k)))).blocks);
    expect(text).toContain('Owner 19*');
    expect(text).not.toContain('Owner 20*');
    expect(text).toContain('…and 5 more owners');
    expect(text).toContain('*sales team*');
  });

  it('writes the figures per currency and says who sees what', () => {
    const text = visibleText(buildTeamMessage(teamView([teamOwner(1)], { scope: 'own' })).blocks);
    for (const s of ['€850.00 in 2 invoices, $300.00 in 1 invoice', '2 held, 1 resolved (median 72 h), 1 SLA breach', '2 of 3 (66.7%)', '2, oldest 38 h',
      'You see your own line and the team totals', 'none resolved']) expect(text).toContain(s);
  });

  it('names the query it found nobody for, escaped', () => {
    const text = visibleText(buildTeamMessage(teamView([], { query: hostileName })).blocks);
    expect(text).toContain('No owner matches “&lt;!channel&gt; &amp; ∗bold∗”');
  });
});
