import { describe, expect, it } from 'vitest';
import { csrfMaxAgeMs, issueCsrfToken, verifyCsrfToken } from '../../src/domain/dispute-csrf.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken, verifyDisputeToken } from '../../src/domain/dispute-link.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-02T10:00:00Z');
const expiresAt = new Date('2026-05-31T10:00:00Z');
const token = signDisputeToken({ invoiceId: 42n, expiresAt }, secret);

/** Replaces the character at `i` with another base64url character. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('dispute link token', () => {
  it.each([
    [1n, new Date('2026-03-02T10:00:01Z')],
    [42n, expiresAt],
    [9_007_199_254_740_993n, new Date('2099-12-31T23:59:59Z')],
    [(1n << 63n) - 1n, new Date('2030-01-01T00:00:00Z')],
  ])('round-trips invoice %s until %s', (invoiceId, until) => {
    const t = signDisputeToken({ invoiceId, expiresAt: until }, secret);
    expect(t).toMatch(/^[A-Za-z0-9_-]{23}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyDisputeToken(t, secret, now)).toEqual({ ok: true, invoiceId, expiresAt: until });
  });

  it('keeps the expiry to the second, rounded down', () => {
    const t = signDisputeToken({ invoiceId: 7n, expiresAt: new Date('2026-04-01T00:00:00.999Z') }, secret);
    expect(verifyDisputeToken(t, secret, now)).toMatchObject({ ok: true, expiresAt: new Date('2026-04-01T00:00:00Z') });
  });

  it('starts with a version byte, so a later format can tell old tokens apart', () => {
    expect(Buffer.from(token.split('.')[0]!, 'base64url')[0]).toBe(1);
  });

  it('accepts a Buffer secret as well as a string', () => {
    const key = Buffer.alloc(32, 7);
    expect(verifyDisputeToken(signDisputeToken({ invoiceId: 5n, expiresAt }, key), key, now)).toMatchObject({ ok: true, invoiceId: 5n });
  });

  it.each([
    ['the payload is changed (another invoice)', () => {
      const other = signDisputeToken({ invoiceId: 43n, expiresAt }, secret);
      return `${other.split('.')[0]}.${token.split('.')[1]}`;
    }],
    ['a payload character is changed', () => flip(token, 12)],
    ['a signature character is changed', () => flip(token, token.length - 5)],
    ['the signature is from another token', () => `${token.split('.')[0]}.${signDisputeToken({ invoiceId: 42n, expiresAt: now }, secret).split('.')[1]}`],
  ])('refuses a token whose %s', (_what, make) => {
    expect(verifyDisputeToken(make(), secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyDisputeToken(token, 'another-secret-of-at-least-32-characters', now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['at the expiry instant', expiresAt],
    ['a day after', new Date('2026-06-01T10:00:00Z')],
  ])('reports a genuine token as expired %s', (_when, at) => {
    expect(verifyDisputeToken(token, secret, at)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports a forged token as forged even when it has expired', () => {
    expect(verifyDisputeToken(flip(token, token.length - 5), secret, new Date('2027-01-01T00:00:00Z'))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['empty', ''],
    ['one part', token.replace('.', '')],
    ['three parts', `${token}.x`],
    ['characters outside base64url', token.replace(/^./, '+')],
    ['padding', `${token.split('.')[0]}=.${token.split('.')[1]}`],
    ['a short payload', `${token.split('.')[0]!.slice(0, 20)}.${token.split('.')[1]}`],
    ['a short signature', token.slice(0, -1)],
    ['a non-canonical last character', `${token.split('.')[0]!.slice(0, 22)}x.${token.split('.')[1]}`],
    ['another version', (() => {
      const p = Buffer.from(token.split('.')[0]!, 'base64url');
      p[0] = 2;
      return `${p.toString('base64url')}.${token.split('.')[1]}`;
    })()],
    ['a very long string', 'A'.repeat(5000)],
  ])('reports %s as malformed', (_what, t) => {
    expect(verifyDisputeToken(t, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a zero invoice id', { invoiceId: 0n, expiresAt }],
    ['a negative invoice id', { invoiceId: -1n, expiresAt }],
    ['an invoice id past bigint', { invoiceId: 1n << 63n, expiresAt }],
    ['an invalid date', { invoiceId: 1n, expiresAt: new Date('nope') }],
  ])('refuses to sign %s', (_what, link) => {
    expect(() => signDisputeToken(link, secret)).toThrow(RangeError);
  });

  it.each([
    ['https://ar.example.com', 'https://ar.example.com/d/'],
    ['https://ar.example.com/', 'https://ar.example.com/d/'],
    ['http://localhost:3000/arbot//', 'http://localhost:3000/arbot/d/'],
  ])('builds the link under %s', (base, prefix) => {
    expect(disputeUrl(base, token)).toBe(`${prefix}${token}`);
  });

  it('expires links DISPUTE_LINK_TTL_DAYS after they are made', () => {
    expect(disputeLinkExpiresAt(now, 90)).toEqual(expiresAt);
  });
});

describe('dispute form CSRF token', () => {
  const csrf = issueCsrfToken(token, secret, now);
  const later = (ms: number) => new Date(now.getTime() + ms);

  it.each([
    ['right away', 0],
    ['an hour later', 3_600_000],
    ['at the end of its life', csrfMaxAgeMs],
    ['from an instance whose clock is a minute behind', -60_000],
  ])('accepts the token %s', (_when, ms) => {
    expect(verifyCsrfToken(csrf, token, secret, later(ms))).toEqual({ ok: true });
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['null', null, 'missing'],
    ['empty', '', 'missing'],
    ['garbage', 'not-a-token', 'malformed'],
    ['without its time', csrf.split('.')[1]!, 'malformed'],
    ['with a changed time', `${Number(csrf.split('.')[0]) + 1}.${csrf.split('.')[1]}`, 'bad_signature'],
    ['with a changed MAC', flip(csrf, csrf.length - 3), 'bad_signature'],
  ])('refuses a token that is %s', (_what, value, reason) => {
    expect(verifyCsrfToken(value, token, secret, now)).toEqual({ ok: false, reason });
  });

  it('refuses a token issued for another invoice link', () => {
    const other = signDisputeToken({ invoiceId: 43n, expiresAt }, secret);
    expect(verifyCsrfToken(issueCsrfToken(other, secret, now), token, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token made with another secret', () => {
    expect(verifyCsrfToken(issueCsrfToken(token, 'x'.repeat(32), now), token, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('cannot be passed off as a dispute link, nor a link as a CSRF token (separate labels)', () => {
    const [issued, mac] = csrf.split('.') as [string, string];
    expect(verifyDisputeToken(`${token.split('.')[0]}.${mac}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCsrfToken(`${issued}.${token.split('.')[1]}`, token, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['older than its life', csrfMaxAgeMs + 1000],
    ['issued well in the future', -10 * 60_000],
  ])('reports a token %s as expired', (_what, ms) => {
    expect(verifyCsrfToken(csrf, token, secret, later(ms))).toEqual({ ok: false, reason: 'expired' });
  });
});
