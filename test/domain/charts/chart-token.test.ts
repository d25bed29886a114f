import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../../src/domain/charts/chart-spec.js';
import { chartLinkTtlMs, chartSpecId, chartSpecOfId, chartUrl, signChartToken, verifyChartToken } from '../../../src/domain/charts/chart-token.js';
import { signIdToken } from '../../../src/domain/signed-id-token.js';
import { signStatementToken } from '../../../src/domain/statement-link.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-12-06T14:00:00Z');
const expiresAt = new Date('2026-12-07T14:00:00Z');
const trend: ChartSpec = { kind: 'trend', asOf: '2026-12-31', segment: null, currency: 'EUR' };
const aging: ChartSpec = { kind: 'aging', asOf: '2026-12-31', segment: null, currency: 'EUR' };

/** Replaces the character at `i` with another base64url character. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('chart ids', () => {
  it.each<ChartSpec>([
    trend,
    aging,
    { kind: 'trend', asOf: '1970-01-01', segment: null, currency: null },
    { kind: 'trend', asOf: '2028-02-29', segment: 'top', currency: 'JPY' },
    { kind: 'aging', asOf: '9998-12-31', segment: 'at_risk', currency: 'KWD' },
    { kind: 'aging', asOf: '2026-06-30', segment: 'standard', currency: 'ZWL' },
  ])('packs and unpacks %j', (spec) => {
    const token = signChartToken(spec, expiresAt, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]{23}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyChartToken(token, secret, now)).toEqual({ ok: true, spec, expiresAt });
  });

  it.each<[string, ChartSpec]>([
    ['an aging chart of every currency (amounts of two currencies share no axis)', { ...aging, currency: null }],
    ['an unknown segment', { ...trend, segment: 'vip' }],
    ['an unknown currency', { ...trend, currency: 'XYZ' }],
    ['a lower-case currency', { ...trend, currency: 'eur' }],
    ['a date that does not exist', { ...trend, asOf: '2026-02-30' }],
    ['a date before 1970', { ...trend, asOf: '1969-12-31' }],
    ['an unknown kind', { ...trend, kind: 'pie' as ChartSpec['kind'] }],
  ])('refuses to sign %s', (_, spec) => {
    expect(() => signChartToken(spec, expiresAt, secret)).toThrow(RangeError);
  });

  it('reads no spec from an id without its marker bit or with a currency no runtime knows', () => {
    const id = chartSpecId(trend);
    expect(chartSpecOfId(id)).toEqual(trend);
    expect(chartSpecOfId(id & ~(1n << 43n))).toBeNull();
    expect(chartSpecOfId(id | (1n << 44n))).toBeNull();
    expect(chartSpecOfId((id & ~0x7fffn) | 0x7fffn)).toBeNull(); // beyond ZZZ
    expect(chartSpecOfId((id & ~0x7fffn) | 1n)).toBeNull(); // "AAA"
  });
});

describe('chart tokens', () => {
  const token = signChartToken(trend, expiresAt, secret);

  it.each([
    ['a forged signature', flip(token, token.length - 5), 'bad_signature'],
    ['a changed payload (another day)', flip(token, 15), 'bad_signature'],
    ['another secret', signChartToken(trend, expiresAt, 'another-secret-of-at-least-32-characters'), 'bad_signature'],
    ['a statement link with the same secret and id', signStatementToken({ customerId: chartSpecId(trend), expiresAt }, secret), 'bad_signature'],
    ['no dot', token.replace('.', ''), 'malformed'],
    ['an empty string', '', 'malformed'],
    ['padding', `${token}=`, 'malformed'],
    ['an overlong token', `${token}${'A'.repeat(200)}`, 'malformed'],
  ])('refuses %s', (_, t, reason) => {
    expect(verifyChartToken(t, secret, now)).toEqual({ ok: false, reason });
  });

  it('refuses another kind of chart made from the same token: the kind is inside the MAC', () => {
    const payload = Buffer.from(token.split('.')[0]!, 'base64url');
    const agingId = chartSpecId(aging);
    payload.writeBigUInt64BE(agingId, 1);
    expect(verifyChartToken(`${payload.toString('base64url')}.${token.split('.')[1]}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token from the moment it expires, not before', () => {
    expect(verifyChartToken(token, secret, new Date(expiresAt.getTime() - 1000))).toMatchObject({ ok: true });
    expect(verifyChartToken(token, secret, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a correctly signed id that packs no chart (under the chart label)', () => {
    // Only arbot can sign; this proves the unpacking is checked even so.
    const forgedWithSecret = signIdToken('arbot/chart/v1', (1n << 43n) | 0x7fffn, expiresAt, secret);
    expect(verifyChartToken(forgedWithSecret, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('chartUrl', () => {
  it('is null without PUBLIC_BASE_URL: the chat shows text only', () => {
    expect(chartUrl(undefined, secret, trend, now)).toBeNull();
    expect(chartUrl('', secret, trend, now)).toBeNull();
    expect(chartUrl(null, secret, trend, now)).toBeNull();
  });

  it('names a PNG under /charts/ that verifies for a day from now', () => {
    const url = chartUrl('https://ar.example.com/', secret, trend, now)!;
    const m = /^https:\/\/ar\.example\.com\/charts\/([A-Za-z0-9_.-]+)\.png$/.exec(url);
    expect(m).not.toBeNull();
    expect(verifyChartToken(m![1]!, secret, now)).toEqual({ ok: true, spec: trend, expiresAt: new Date(now.getTime() + chartLinkTtlMs) });
    expect(verifyChartToken(m![1]!, secret, new Date(now.getTime() + chartLinkTtlMs))).toMatchObject({ ok: false, reason: 'expired' });
  });
});
