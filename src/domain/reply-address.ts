import { timingSafeEqual } from 'node:crypto';
import { signIdToken, type LinkSecret } from './signed-id-token.js';

/**
 * The Reply-To of a customer email, `r+<token>@INBOUND_DOMAIN`, whose token names the reminder email until an expiry.
 * signIdToken's token (67 characters) does not fit an email local part (RFC 5321: at most 64), and some mail servers
 * change the case of local parts, so the address carries the same signed payload in lower-case base32:
 * payload (17 bytes: version ‖ id ‖ expiry, as signIdToken writes it) ‖ the first 16 bytes of its HMAC-SHA256 under
 * the label "arbot/reply-address/v1". 33 bytes make 53 characters; with "r+" the local part is 55.
 */

const label = 'arbot/reply-address/v1';
const payloadBytes = 17;
const macBytes = 16;
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
/** Characters of a token: 33 bytes in base32 without padding. */
export const replyTokenLength = Math.ceil(((payloadBytes + macBytes) * 8) / 5);

/** How long a reply address keeps working (a customer may answer an old reminder months later). */
export const replyTokenTtlDays = 400;

export type ReplyTokenCheck =
  | { readonly ok: true; readonly emailId: bigint; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' };

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes lower-case base32 only when `text` is its canonical spelling of `length` bytes. */
function strictBase32(text: string, length: number): Buffer | null {
  if (text.length !== Math.ceil((length * 8) / 5) || !/^[a-z2-7]+$/.test(text)) return null;
  const out = Buffer.alloc(length);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of text) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return base32(out) === text ? out : null;
}

/** signIdToken's payload and full MAC, as bytes. */
function signedBytes(emailId: bigint, expiresAt: Date, secret: LinkSecret): { payload: Buffer; mac: Buffer } {
  const [payload, mac] = signIdToken(label, emailId, expiresAt, secret).split('.') as [string, string];
  return { payload: Buffer.from(payload, 'base64url'), mac: Buffer.from(mac, 'base64url') };
}

/**
 * Signs the reply token of one reminder email (expiry rounded down to the second).
 * @example signReplyToken(42n, new Date('2027-06-01T00:00:00Z'), secret) // "aeaaaaaaaaaaavaaaaaaaaaagp…" (53 characters)
 */
export function signReplyToken(emailId: bigint, expiresAt: Date, secret: LinkSecret): string {
  const { payload, mac } = signedBytes(emailId, expiresAt, secret);
  return base32(Buffer.concat([payload, mac.subarray(0, macBytes)]));
}

/**
 * Checks a token's form, then its signature (in constant time), then its expiry at `now`. Case is ignored: a
 * mail server may have upper-cased the address.
 * @example verifyReplyToken(token, secret, new Date()) // { ok: true, emailId: 42n, expiresAt: … }
 */
export function verifyReplyToken(token: string, secret: LinkSecret, now: Date): ReplyTokenCheck {
  const bytes = strictBase32(token.toLowerCase(), payloadBytes + macBytes);
  if (!bytes || bytes.readUInt8(0) !== 1) return { ok: false, reason: 'malformed' };
  const emailId = bytes.readBigUInt64BE(1);
  const seconds = bytes.readBigUInt64BE(9);
  if (emailId <= 0n || emailId > (1n << 63n) - 1n || seconds > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(Number(seconds) * 1000);
  const expected = signedBytes(emailId, expiresAt, secret).mac.subarray(0, macBytes);
  if (!timingSafeEqual(bytes.subarray(payloadBytes), expected)) return { ok: false, reason: 'bad_signature' };
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, emailId, expiresAt };
}

/**
 * The Reply-To address of one reminder email.
 * @example replyAddress('reply.ar.example.com', token) // "r+aeaaaa…@reply.ar.example.com"
 */
export const replyAddress = (inboundDomain: string, token: string): string => `r+${token}@${inboundDomain}`;

/**
 * Every reply token found in a list of addresses (To, Cc, the envelope's recipients), in order, each once: the
 * local part `r+<token>` at `inboundDomain` (case-insensitive), display names and angle brackets allowed around it.
 * @example replyTokensIn(['"AR" <r+aeaa…@reply.example.com>'], 'reply.example.com') // ['aeaa…']
 */
export function replyTokensIn(addresses: readonly string[], inboundDomain: string): string[] {
  const domain = inboundDomain.toLowerCase().replace(/[.]/g, '\\.');
  const re = new RegExp(`(?:^|[^A-Za-z0-9.+_-])r\\+([A-Za-z2-7]{${replyTokenLength}})@${domain}(?![A-Za-z0-9.-])`, 'gi');
  const out: string[] = [];
  for (const text of addresses) {
    for (const m of text.matchAll(re)) {
      const token = m[1]!.toLowerCase();
      if (!out.includes(token)) out.push(token);
    }
  }
  return out;
}
