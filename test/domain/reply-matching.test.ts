import { describe, expect, it } from 'vitest';
import { signReplyToken } from '../../src/domain/reply-address.js';
import { bareAddress, decideReplyMatch, readReplyKeys, type MatchCandidates } from '../../src/domain/reply-matching.js';
import { replyPauseUntil } from '../../src/domain/reply-pause.js';

const none: MatchCandidates = { machine: null, tokenEmails: [], threadEmails: [], senderCustomerIds: [] };
const token = { emailId: 1n, customerId: 10n };
const thread = { emailId: 2n, customerId: 20n };

describe('deciding what a reply answers', () => {
  it.each<[string, MatchCandidates, ReturnType<typeof decideReplyMatch>]>([
    ['the token before the thread and the sender', { ...none, tokenEmails: [token], threadEmails: [thread], senderCustomerIds: [30n] }, { by: 'token', ...token }],
    ['the thread before the sender', { ...none, threadEmails: [thread], senderCustomerIds: [30n] }, { by: 'thread', ...thread }],
    ['the sender of exactly one customer', { ...none, senderCustomerIds: [30n] }, { by: 'sender', customerId: 30n }],
    ['no one when the sender is two customers\' contact', { ...none, senderCustomerIds: [30n, 31n] }, { by: null, machine: null }],
    ['no one without keys', none, { by: null, machine: null }],
    ['machine mail, never matched even with a token', { ...none, machine: 'auto_reply', tokenEmails: [token] }, { by: null, machine: 'auto_reply' }],
  ])('picks %s', (_, candidates, expected) => {
    expect(decideReplyMatch(candidates)).toEqual(expected);
  });
});

describe('reading a reply\'s keys', () => {
  const secret = 'a-link-secret-of-at-least-32-characters!';
  const t = signReplyToken(5n, new Date('2027-01-01T00:00:00Z'), secret);
  const reply = (headers: string, over: Partial<Parameters<typeof readReplyKeys>[0]> = {}) =>
    readReplyKeys({ headers, subject: 'Re: invoice INV-1', fromAddress: 'Ann Doe <Ann@Acme.example>', toAddress: null, ...over }, 'reply.ar.example.com');

  it('reads tokens from To and Cc, the thread and the sender', () => {
    expect(reply(`To: x@acme.example\r\nCc: <r+${t}@reply.ar.example.com>\r\nIn-Reply-To: <arbot.5.ab@reply.ar.example.com>\r\n`)).toEqual({
      machine: null, tokens: [t], referencedIds: ['<arbot.5.ab@reply.ar.example.com>'], sender: 'ann@acme.example',
    });
  });

  it.each([
    ['an out-of-office', 'Auto-Submitted: auto-replied\r\n', {}, 'auto_reply'],
    ['an auto-reply subject', '', { subject: 'Réponse automatique : Relance' }, 'auto_reply'],
    ['a bounce', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n', {}, 'delivery_status'],
    ['a bounce by its sender', '', { fromAddress: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>' }, 'delivery_status'],
  ])('tells %s as machine mail', (_, headers, over, machine) => {
    expect(reply(headers, over).machine).toBe(machine);
  });

  it.each([['"Doe, Ann" <Ann@Acme.example>', 'ann@acme.example'], ['ap@acme.example', 'ap@acme.example'], ['Ann', null]])('reads the sender of %s', (from, address) => {
    expect(bareAddress(from)).toBe(address);
  });
});

describe('the pause after a reply', () => {
  it.each([
    ['a Thursday reply in Paris, 5 days', '2026-03-12T10:00:00Z', 'Europe/Paris', 5, '2026-03-16'],
    ['late Thursday in UTC, already Friday in Tokyo', '2026-03-12T23:30:00Z', 'Asia/Tokyo', 5, '2026-03-17'],
    ['one day: the reply\'s day only', '2026-03-12T10:00:00Z', 'Europe/Paris', 1, '2026-03-12'],
  ])('holds %s', (_, at, zone, days, until) => {
    expect(replyPauseUntil(new Date(at), zone, days)).toBe(until);
  });
});
