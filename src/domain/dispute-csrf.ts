import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkSecret } from './dispute-link.js';

/**
 * CSRF protection for the dispute form, without a session or a cookie: the page embeds
 * `<issued at, Unix seconds>.<base64url HMAC-SHA256(label ‖ dispute token ‖ issued at)>`, and the POST must bring it
 * back within `maxAgeMs`. It binds the submission to a page we served for that very link, recently; a form on
 * another site cannot produce it. (The dispute token itself is the capability; this guards the customer's browser.)
 */

export type CsrfCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

/** How long a served form can be submitted: long enough to write a comment after lunch. */
export const csrfMaxAgeMs = 4 * 3_600_000;
/** Instances' clocks may differ a little: a token "issued" this far in the future still counts. */
const clockSkewMs = 5 * 60_000;
const label = 'arbot/dispute-csrf/v1\0';

function mac(disputeToken: string, issuedAt: string, secret: LinkSecret): Buffer {
  return createHmac('sha256', secret).update(label).update(disputeToken).update('\0').update(issuedAt).digest();
}

/**
 * The hidden form field for the page of `disputeToken`, issued at `now`.
 * @example issueCsrfToken(token, secret, new Date('2026-03-01T09:00:00Z')) // "1772355600.k3J…"
 */
export function issueCsrfToken(disputeToken: string, secret: LinkSecret, now: Date): string {
  const issuedAt = String(Math.floor(now.getTime() / 1000));
  return `${issuedAt}.${mac(disputeToken, issuedAt, secret).toString('base64url')}`;
}

/**
 * Checks the form's token against the link it was posted to, at `now`.
 * @example verifyCsrfToken(csrf, token, secret, now) // { ok: true } or { ok: false, reason: 'expired' }
 */
export function verifyCsrfToken(
  csrf: string | null | undefined,
  disputeToken: string,
  secret: LinkSecret,
  now: Date,
  maxAgeMs: number = csrfMaxAgeMs,
): CsrfCheck {
  if (csrf === null || csrf === undefined || csrf === '') return { ok: false, reason: 'missing' };
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(csrf);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, issuedAt, given] = m as unknown as [string, string, string];
  const givenMac = Buffer.from(given, 'base64url');
  if (givenMac.length !== 32 || givenMac.toString('base64url') !== given) return { ok: false, reason: 'malformed' };
  if (!timingSafeEqual(givenMac, mac(disputeToken, issuedAt, secret))) return { ok: false, reason: 'bad_signature' };
  const age = now.getTime() - Number(issuedAt) * 1000;
  if (age > maxAgeMs || age < -clockSkewMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}
