import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkSecret } from './signed-id-token.js';

/**
 * The customer portal link: `PUBLIC_BASE_URL/p/<token>`, naming one customer, the customer's portal key version and
 * an expiry (PORTAL_LINK_TTL_DAYS), signed with HMAC-SHA256 under the label "arbot/portal-link/v1":
 * base64url(payload) "." base64url(HMAC-SHA256(label ‖ NUL ‖ payload)), payload = format (1) ‖ customer id
 * (uint64 BE) ‖ key version (uint32 BE) ‖ expiry in Unix seconds (uint64 BE). The key version is the customer's
 * customers.portal_key_version when the link was made: rotating it revokes every earlier link of that customer and
 * no other. Like signed-id-token.ts (whose shape it follows, with one more field), stateless per link.
 */

export type PortalTokenCheck =
  | { readonly ok: true; readonly customerId: bigint; readonly keyVersion: number; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

/** What a portal link is worth once the customer's current key version is known. */
export type PortalLinkStatus =
  | { readonly ok: true; readonly customerId: bigint; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'revoked' };

const label = 'arbot/portal-link/v1';
const format = 1;
const payloadBytes = 21;
const macBytes = 32;
const maxUint63 = (1n << 63n) - 1n;
const maxKeyVersion = 2_000_000_000;
const maxTokenLength = 128;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const mac = (payload: Uint8Array, secret: LinkSecret) =>
  createHmac('sha256', secret).update(Buffer.from(`${label}\0`, 'utf8')).update(payload).digest();

function strictBase64url(text: string, length: number): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.length === length && b64(bytes) === text ? bytes : null;
}

/**
 * Signs a portal link token. The expiry is kept to the second (rounded down).
 * @example signPortalToken({ customerId: 7n, keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret) // "AQAAAAAAAAAHAAAAAQ….…"
 */
export function signPortalToken(link: { customerId: bigint; keyVersion: number; expiresAt: Date }, secret: LinkSecret): string {
  if (link.customerId <= 0n || link.customerId > maxUint63) throw new RangeError(`customer id out of range: ${link.customerId}`);
  if (!Number.isInteger(link.keyVersion) || link.keyVersion < 1 || link.keyVersion > maxKeyVersion) throw new RangeError(`key version out of range: ${link.keyVersion}`);
  const seconds = Math.floor(link.expiresAt.getTime() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('expiresAt must be a valid instant after 1970');
  const payload = Buffer.alloc(payloadBytes);
  payload.writeUInt8(format, 0);
  payload.writeBigUInt64BE(link.customerId, 1);
  payload.writeUInt32BE(link.keyVersion, 9);
  payload.writeBigUInt64BE(BigInt(seconds), 13);
  return `${b64(payload)}.${b64(mac(payload, secret))}`;
}

/**
 * Checks a token's form, its signature (constant time), then its expiry at `now`. A forged token is bad_signature
 * even when it also claims to be expired. Whether its key version is still the customer's is portalLinkStatus's.
 * @example verifyPortalToken(token, secret, new Date()) // { ok: true, customerId: 7n, keyVersion: 1, expiresAt: … }
 */
export function verifyPortalToken(token: string, secret: LinkSecret, now: Date): PortalTokenCheck {
  if (typeof token !== 'string' || token.length > maxTokenLength) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const payload = strictBase64url(parts[0]!, payloadBytes);
  const given = strictBase64url(parts[1]!, macBytes);
  if (!payload || !given || payload.readUInt8(0) !== format) return { ok: false, reason: 'malformed' };
  if (!timingSafeEqual(given, mac(payload, secret))) return { ok: false, reason: 'bad_signature' };
  const customerId = payload.readBigUInt64BE(1);
  const keyVersion = payload.readUInt32BE(9);
  const seconds = payload.readBigUInt64BE(13);
  if (customerId <= 0n || customerId > maxUint63 || keyVersion < 1 || seconds > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(Number(seconds) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, customerId, keyVersion, expiresAt };
}

/**
 * A verified token against the customer's current key version (null: no such customer, reported as revoked so an
 * unknown id tells nothing more than a rotated one).
 * @example portalLinkStatus({ ok: true, customerId: 7n, keyVersion: 1, expiresAt }, 2) // { ok: false, reason: 'revoked' }
 */
export function portalLinkStatus(check: PortalTokenCheck, currentKeyVersion: number | null): PortalLinkStatus {
  if (!check.ok) return check;
  if (currentKeyVersion === null || check.keyVersion !== currentKeyVersion) return { ok: false, reason: 'revoked' };
  return { ok: true, customerId: check.customerId, expiresAt: check.expiresAt };
}

/** @example portalUrl('https://ar.example.com/', 'AQ….x') // "https://ar.example.com/p/AQ….x" */
export function portalUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/p/${token}`;
}

/**
 * When a portal link made at `now` stops working: `ttlDays` (PORTAL_LINK_TTL_DAYS, default 90) later.
 * @example portalLinkExpiresAt(new Date('2026-03-01T09:00:00Z'), 90) // 2026-05-30T09:00:00.000Z
 */
export function portalLinkExpiresAt(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * 86_400_000);
}
