import { signIdToken, verifyIdToken, type LinkSecret } from './signed-id-token.js';

/**
 * The customer's dispute link: `PUBLIC_BASE_URL/d/<token>`, a token naming one invoice until an expiry, signed with
 * HMAC-SHA256. Stateless: nothing is stored per link, so every reminder can carry one and a leaked link is worth one
 * invoice's dispute form until it expires.
 *
 * The token format is signed-id-token.ts's, under the label "arbot/dispute-link/v1".
 */

export type { LinkSecret } from './signed-id-token.js';

export type DisputeTokenCheck =
  | { readonly ok: true; readonly invoiceId: bigint; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

// The label keeps a MAC made for another purpose with the same secret (the form's CSRF token) from ever passing here.
const label = 'arbot/dispute-link/v1';

/**
 * Signs a dispute link token for one invoice. The expiry is kept to the second (rounded down).
 * @example signDisputeToken({ invoiceId: 42n, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret) // "AQAAAAAAAAAq….Xy3…"
 */
export function signDisputeToken(link: { invoiceId: bigint; expiresAt: Date }, secret: LinkSecret): string {
  if (link.invoiceId <= 0n || link.invoiceId > (1n << 63n) - 1n) throw new RangeError(`invoice id out of range: ${link.invoiceId}`);
  return signIdToken(label, link.invoiceId, link.expiresAt, secret);
}

/**
 * Checks a token's form, then its signature (in constant time), then its expiry at `now`.
 * A forged token is reported as bad_signature even when it also claims to be expired.
 * @example verifyDisputeToken(token, secret, new Date()) // { ok: true, invoiceId: 42n, expiresAt: … }
 */
export function verifyDisputeToken(token: string, secret: LinkSecret, now: Date): DisputeTokenCheck {
  const r = verifyIdToken(label, token, secret, now);
  return r.ok ? { ok: true, invoiceId: r.id, expiresAt: r.expiresAt } : r;
}

/**
 * The link a customer clicks.
 * @example disputeUrl('https://ar.example.com/', 'AQ….x') // "https://ar.example.com/d/AQ….x"
 */
export function disputeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/d/${token}`;
}

/**
 * When a link made at `now` stops working: `ttlDays` (DISPUTE_LINK_TTL_DAYS) later.
 * @example disputeLinkExpiresAt(new Date('2026-03-01T09:00:00Z'), 90) // 2026-05-30T09:00:00.000Z
 */
export function disputeLinkExpiresAt(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}
