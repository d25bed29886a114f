import { signIdToken, verifyIdToken, type LinkSecret } from './signed-id-token.js';

/**
 * The customer's statement link: `PUBLIC_BASE_URL/s/<token>`, a token naming one customer until an expiry (the
 * format of signed-id-token.ts under its own label, so a dispute link never opens a statement nor the reverse).
 * It shows that customer's open invoices, as the reminder that carried it would have listed them all.
 */

export type StatementTokenCheck =
  | { readonly ok: true; readonly customerId: bigint; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

const label = 'arbot/statement-link/v1';

/**
 * @example signStatementToken({ customerId: 7n, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret) // "AQAAAAAAAAAH….…"
 */
export function signStatementToken(link: { customerId: bigint; expiresAt: Date }, secret: LinkSecret): string {
  return signIdToken(label, link.customerId, link.expiresAt, secret);
}

/** @example verifyStatementToken(token, secret, now) // { ok: true, customerId: 7n, expiresAt: … } */
export function verifyStatementToken(token: string, secret: LinkSecret, now: Date): StatementTokenCheck {
  const r = verifyIdToken(label, token, secret, now);
  return r.ok ? { ok: true, customerId: r.id, expiresAt: r.expiresAt } : r;
}

/** @example statementUrl('https://ar.example.com/', 'AQ….x') // "https://ar.example.com/s/AQ….x" */
export function statementUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/s/${token}`;
}
