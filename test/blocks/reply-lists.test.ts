import { describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildDigestMessage } from '../../blocks/slack/digest-blocks.js';
import { buildHomeView } from '../../blocks/slack/home-view.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { buildDigestCard } from '../../blocks/teams/digest-card.js';
import type { ConversationReply, CustomerOverview } from '../../src/views/customer-view.js';
import type { HomeQueue, WaitingReply } from '../../src/views/home-queue.js';
import { ana, digest, hostileName, hostileNote } from './slack/fixtures.js';
import { blockKitViolations, parsedText, visibleText } from './slack/limits.js';
import { cardViolations, visibleText as cardText } from './teams/card-schema.js';

// Customer replies in lists: the conversation of /ar (Slack and Teams), "Replies waiting for me" on the App Home, and
// the weekly digest's reply line. The customer's sender, subject and words are hostile here, and long.

const hostileMarkdown = '**bold** [click](https://evil.example) <at>Ana</at>';

const reply = (k: number, over: Partial<ConversationReply> = {}): ConversationReply => ({
  replyId: String(k), receivedAt: `2026-03-1${k} 09:14`, from: `${hostileName} <ap@nw.example>`, subject: `Re: ${hostileNote}`,
  excerpt: `${hostileMarkdown} ${hostileNote}`, step: 'final_notice', handled: null, answers: [], ...over,
});

function overview(replies: ConversationReply[], waiting = replies.length): CustomerOverview {
  return {
    customerName: 'Northwind Traders', customerExternalId: 'NW-001', segment: 'top', strategic: false,
    owners: { sales: ana, delivery: null }, totals: [], openInvoices: [], disputes: [], promises: [], lastReminders: [], onHoldUntil: null,
    conversation: { zone: 'Europe/Paris', waiting, replies },
  };
}

const longest = (k: number) => reply(k, {
  from: `${'&'.repeat(300)}@x.example`, subject: '<'.repeat(1000), excerpt: `${'*'.repeat(199)}…`,
  handled: { how: 'dispute', by: hostileName, at: '2026-03-19 10:00' },
  answers: Array.from({ length: 3 }, () => ({ by: hostileName, at: '2026-03-19 10:00', status: 'in_doubt' as const })),
});

describe('the /ar conversation', () => {
  it('lists each reply with its time, sender, subject, step, words and status, and counts those waiting', () => {
    const view = overview([
      reply(6, { from: 'Ann Doe <ap@nw.example>', subject: 'Re: INV-7', excerpt: 'We pay on the 15th.', handled: { how: 'promise', by: 'Ana Costa', at: '2026-03-16 13:00' },
        answers: [{ by: 'Ana Costa', at: '2026-03-16 12:00', status: 'sent' }] }),
      reply(5, { from: 'ap@nw.example', subject: '', excerpt: '', step: null }),
    ], 4);
    const slack = visibleText({ text: 'AR', blocks: buildCustomerBlocks(view) });
    expect(slack).toContain('*Customer replies (4 waiting; times in Europe/Paris)*');
    expect(slack).toContain('• 2026-03-16 09:14 · Ann Doe &lt;ap@nw.example&gt; · *Re: INV-7* (to the final notice reminder) — “We pay on the 15th.” · Ana Costa logged a promise (2026-03-16 13:00) · Ana Costa: answer sent (2026-03-16 12:00)');
    expect(slack).toContain('• 2026-03-15 09:14 · ap@nw.example · _(no subject)_ — _(no text)_ · waiting');
    const teams = cardText(buildCustomerCard(view).card);
    expect(teams).toContain('**Customer replies (4 waiting; times in Europe/Paris)**');
    expect(teams).toContain('**Re: INV-7** (to the final notice reminder) — “We pay on the 15th.” · Ana Costa logged a promise');
  });

  it('says so when the customer never replied', () => {
    expect(visibleText({ text: 'AR', blocks: buildCustomerBlocks(overview([])) })).toContain('*Customer replies (0 waiting; times in Europe/Paris)*\nNone received.');
    expect(cardText(buildCustomerCard(overview([])).card)).toContain('None received.');
  });

  it('escapes what the customer wrote on Slack', () => {
    const parsed = parsedText({ text: 'AR', blocks: buildCustomerBlocks(overview([reply(1), reply(2)])) });
    for (const raw of ['<!channel>', '<!here>', '<@U999>', '<http://evil.example|click>', '*bold*']) expect(parsed).not.toContain(raw);
    expect(parsed).toContain('&lt;!channel&gt; &amp; ∗bold∗');
  });

  it('escapes what the customer wrote on Teams', () => {
    const text = cardText(buildCustomerCard(overview([reply(1)])).card);
    expect(text).not.toContain('[click](https://evil.example)');
    expect(text).not.toContain('<at>Ana</at>');
    expect(text).not.toContain('**bold**');
    expect(text).toContain('‹!channel› & ∗bold∗');
  });

  it('stays within Slack\'s and Teams\' limits with five replies at their longest', () => {
    const view = overview(Array.from({ length: 5 }, (_, k) => longest(k)), 900);
    expect(blockKitViolations({ text: 'AR', blocks: buildCustomerBlocks(view) }, 'message')).toEqual([]);
    expect(cardViolations(buildCustomerCard(view).card)).toEqual([]);
  });
});

const waiting = (k: number, over: Partial<WaitingReply> = {}): WaitingReply => ({
  replyId: String(k), customerName: `Customer ${k}`, customerExternalId: `C-${k}`, from: `ap@c${k}.example`, subject: `Re: reminder ${k}`,
  excerpt: `Reply ${k}`, receivedAt: '2026-03-12 09:14 (Europe/Paris)', waitingHours: 100 - k, ...over,
});

const home = (replies: WaitingReply[], total = replies.length): HomeQueue =>
  ({ disputes: [], approvals: [], overdueAccounts: [], repliesWaiting: { total, replies }, asOf: '2026-03-20T10:00:00Z' });

describe('App Home: replies waiting for me', () => {
  it('lists the replies in the order given (oldest first), after the approvals and before my disputes', () => {
    const text = visibleText(buildHomeView(home([waiting(1), waiting(2, { waitingHours: 5 })])));
    expect(text).toContain('*Replies waiting for me, oldest first (2)*\n• *Customer 1* · ap@c1.example · _Re: reminder 1_ — “Reply 1” · waiting 4 days (since 2026-03-12 09:14 (Europe/Paris))\n• *Customer 2*');
    expect(text).toContain('waiting 5 h');
    expect(text.indexOf('Replies waiting for me')).toBeGreaterThan(text.indexOf('Approvals waiting for me'));
    expect(text.indexOf('My disputes')).toBeGreaterThan(text.indexOf('Replies waiting for me'));
  });

  it('counts the replies not listed', () => {
    const text = visibleText(buildHomeView(home(Array.from({ length: 10 }, (_, k) => waiting(k)), 31)));
    expect(text).toContain('*Replies waiting for me, oldest first (31)*');
    expect(text).toContain('…and 21 more replies waiting');
  });

  it('says so when nothing waits', () => {
    expect(visibleText(buildHomeView(home([])))).toContain('*Replies waiting for me, oldest first (0)*\nNo customer reply waiting.');
  });

  it('escapes the customer\'s words and stays within the home tab\'s limits at their longest', () => {
    const long = Array.from({ length: 10 }, (_, k) => waiting(k, {
      customerName: hostileName.repeat(30), from: `${hostileNote}`.repeat(5), subject: '*'.repeat(900), excerpt: `${hostileNote} ${'<'.repeat(150)}`,
    }));
    const view = buildHomeView(home(long, 5000));
    expect(blockKitViolations(view, 'home')).toEqual([]);
    const parsed = parsedText(view);
    for (const raw of ['<!channel>', '<!here>', '<@U999>', '<http://evil.example|click>']) expect(parsed).not.toContain(raw);
  });
});

describe('weekly digest: customer replies', () => {
  it.each([
    ['some dealt with', { received: 7, answered: 3, medianHoursToAnswer: 4 }, '7 received · 3 dealt with, median 4.0 h to answer'],
    ['none dealt with', { received: 2, answered: 0, medianHoursToAnswer: null }, '2 received · none dealt with'],
  ])('shows the week\'s replies on Slack and Teams: %s', (_name, replies, line) => {
    const d = digest({ replies });
    expect(visibleText(buildDigestMessage(d))).toContain(`*Customer replies*\n${line}`);
    expect(JSON.stringify(buildDigestCard(d).card)).toContain(JSON.stringify({ title: 'Customer replies', value: line }));
  });

  it('renders a digest stored before replies were counted, without the line', () => {
    const d = digest();
    expect(d.replies).toBeUndefined();
    expect(visibleText(buildDigestMessage(d))).not.toContain('Customer replies');
    expect(JSON.stringify(buildDigestCard(d).card)).not.toContain('Customer replies');
    expect(blockKitViolations(buildDigestMessage(d), 'message')).toEqual([]);
    expect(cardViolations(buildDigestCard(d).card)).toEqual([]);
  });
});
