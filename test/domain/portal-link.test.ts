import { describe, expect, it } from 'vitest';
import { portalLinkExpiresAt, portalLinkStatus, portalUrl, signPortalToken, verifyPortalToken } from '../../src/domain/portal-link.js';
import { signStatementToken } from '../../src/domain/statement-link.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-02T10:00:00Z');
const expiresAt = new Date('2026-05-31T10:00:00Z');
const token = signPortalToken({ customerId: 7n, keyVersion: 3, expiresAt }, secret);
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('portal link token', () => {
  it.each([
    [1n, 1, new Date('2026-03-02T10:00:01Z')],
    [7n, 3, expiresAt],
    [(1n << 63n) - 1n, 2_000_000_000, new Date('2099-12-31T23:59:59Z')],
  ])('round-trips customer %s, key version %s, until %s', (customerId, keyVersion, until) => {
    const t = signPortalToken({ customerId, keyVersion, expiresAt: until }, secret);
    expect(t.length).toBeLessThanOrEqual(128);
    expect(verifyPortalToken(t, secret, now)).toEqual({ ok: true, customerId, keyVersion, expiresAt: until });
  });

  it.each([
    ['another secret', () => verifyPortalToken(token, 'another-secret-of-at-least-32-characters', now)],
    ['a changed payload (another customer or key version)', () => verifyPortalToken(flip(token, 5), secret, now)],
    ['a changed MAC', () => verifyPortalToken(flip(token, token.length - 3), secret, now)],
  ])('refuses a forged token: %s', (_what, check) => {
    expect(check()).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('never takes a statement link (another label, another format) for a portal link', () => {
    const statement = signStatementToken({ customerId: 7n, expiresAt }, secret);
    expect(verifyPortalToken(statement, secret, now).ok).toBe(false);
  });

  it.each(['', 'abc', 'a.b.c', `${token}x`, 'x'.repeat(300), token.replace('.', '')])('calls %j malformed', (t) => {
    expect(verifyPortalToken(t, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('expires at its expiry, not a second later', () => {
    expect(verifyPortalToken(token, secret, new Date(expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(verifyPortalToken(token, secret, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports a forged token as forged even when it claims to be expired', () => {
    const old = signPortalToken({ customerId: 7n, keyVersion: 1, expiresAt: new Date('2020-01-01T00:00:00Z') }, secret);
    expect(verifyPortalToken(flip(old, old.length - 2), secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    [3, { ok: true, customerId: 7n, expiresAt }],
    [4, { ok: false, reason: 'revoked' }],
    [2, { ok: false, reason: 'revoked' }],
    [null, { ok: false, reason: 'revoked' }],
  ])('with the customer at key version %s', (current, expected) => {
    expect(portalLinkStatus(verifyPortalToken(token, secret, now), current)).toEqual(expected);
  });

  it('keeps an earlier failure over the key version check', () => {
    expect(portalLinkStatus({ ok: false, reason: 'expired' }, 3)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([[0n, 1], [7n, 0], [7n, 1.5]])('refuses to sign customer %s at key version %s', (customerId, keyVersion) => {
    expect(() => signPortalToken({ customerId, keyVersion, expiresAt }, secret)).toThrow(RangeError);
  });

  it('builds the URL and the expiry', () => {
    expect(portalUrl('https://ar.example.com/', 'AB.cd')).toBe('https://ar.example.com/p/AB.cd');
    expect(portalLinkExpiresAt(new Date('2026-03-01T09:00:00Z'), 90).toISOString()).toBe('2026-05-30T09:00:00.000Z');
  });
});
