import { describe, expect, it } from 'vitest';
import { buildMessageId, messageIdDomain, referencedMessageIds } from '../../src/domain/email-message-id.js';
import { replyAddress, replyTokenLength, replyTokensIn, signReplyToken, verifyReplyToken } from '../../src/domain/reply-address.js';
import { signIdToken } from '../../src/domain/signed-id-token.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const sentAt = new Date('2026-03-13T08:30:00Z');
const expiresAt = new Date('2027-04-17T08:30:00Z');

describe('the reply address token', () => {
  it.each([1n, 42n, 9_007_199_254_740_993n, (1n << 63n) - 1n])('names email %s until its expiry, in a local part of at most 64 characters', (id) => {
    const token = signReplyToken(id, expiresAt, secret);
    expect(token).toMatch(/^[a-z2-7]+$/);
    expect(token).toHaveLength(replyTokenLength);
    const local = replyAddress('reply.ar.example.com', token).split('@')[0]!;
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toHaveLength(55);
    expect(verifyReplyToken(token, secret, sentAt)).toEqual({ ok: true, emailId: id, expiresAt });
  });

  it('reads a token a mail server upper-cased', () => {
    const token = signReplyToken(42n, expiresAt, secret);
    expect(verifyReplyToken(token.toUpperCase(), secret, sentAt)).toMatchObject({ ok: true, emailId: 42n });
  });

  it.each([
    ['another secret', (t: string) => t, 'another-secret-of-at-least-32-characters', 'bad_signature'],
    ['a changed id', (t: string) => `${t.slice(0, 10)}${t[10] === 'b' ? 'c' : 'b'}${t.slice(11)}`, secret, 'bad_signature'],
    ['a changed MAC', (t: string) => `${t.slice(0, -3)}${t.at(-3) === 'a' ? 'b' : 'a'}${t.slice(-2)}`, secret, 'bad_signature'],
    ['a cut token', (t: string) => t.slice(0, -1), secret, 'malformed'],
    ['signIdToken\'s own spelling', () => signIdToken('arbot/reply-address/v1', 42n, expiresAt, secret), secret, 'malformed'],
  ])('refuses %s', (_, change, key, reason) => {
    expect(verifyReplyToken(change(signReplyToken(42n, expiresAt, secret)), key, sentAt)).toEqual({ ok: false, reason });
  });

  it('refuses a token at and after its expiry', () => {
    const token = signReplyToken(42n, expiresAt, secret);
    expect(verifyReplyToken(token, secret, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('finds tokens at the inbound domain only, with display names, any case, each once', () => {
    const t = signReplyToken(42n, expiresAt, secret);
    const u = signReplyToken(43n, expiresAt, secret);
    expect(replyTokensIn([
      `"Northwind AR" <r+${t}@Reply.AR.example.com>, jane@northwind.example`,
      `r+${u}@reply.ar.example.com.evil.example, r+${u}@other.example`,
      `R+${t.toUpperCase()}@reply.ar.example.com`,
    ], 'reply.ar.example.com')).toEqual([t]);
  });
});

describe('our Message-ID', () => {
  it('names the email on our domain and is read back from In-Reply-To, then References newest first', () => {
    expect(buildMessageId(42n, '9f2c4e1a0b7d3c5e', messageIdDomain('reply.ar.example.com', 'ar@acme.example'))).toBe('<arbot.42.9f2c4e1a0b7d3c5e@reply.ar.example.com>');
    expect(messageIdDomain(undefined, 'ar@Acme.example')).toBe('acme.example');
    expect(referencedMessageIds('<c@x>', '<a@x>\r\n <b@x> <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, undefined)).toEqual([]);
  });
});
