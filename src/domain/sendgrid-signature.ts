import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * SendGrid's signed event webhook: ECDSA P-256 with SHA-256 over the bytes of `timestamp + rawBody`, the signature
 * base64 DER in X-Twilio-Email-Event-Webhook-Signature, the timestamp (Unix seconds) in
 * X-Twilio-Email-Event-Webhook-Timestamp. Checked against the raw bytes as received: re-serialized JSON, or a body
 * with its trailing CRLF trimmed, does not verify.
 */

export const sendGridSignatureHeader = 'x-twilio-email-event-webhook-signature';
export const sendGridTimestampHeader = 'x-twilio-email-event-webhook-timestamp';
/** A signed batch older (or newer) than this is refused, so a captured request cannot be replayed later. */
export const sendGridToleranceSeconds = 600;

export type SendGridKey = { readonly ok: true; readonly key: KeyObject } | { readonly ok: false; readonly reason: string };

/**
 * Reads the verification key as SendGrid shows it (base64 DER SubjectPublicKeyInfo); a PEM block is accepted too.
 * @example parseSendGridPublicKey('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…') // { ok: true, key }
 */
export function parseSendGridPublicKey(text: string): SendGridKey {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey({ key: trimmed, format: 'pem' })
      : createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return { ok: false, reason: 'not an ECDSA P-256 public key' };
    }
    return { ok: true, key };
  } catch {
    return { ok: false, reason: 'not a base64 DER (SubjectPublicKeyInfo) public key' };
  }
}

/**
 * What can be checked before the body is read: both headers present, the timestamp fresh, the signature shaped like
 * one. A request failing this is refused without reading (or holding) its body.
 * @example checkSendGridHeaders({ signature: undefined, timestamp: '1600112502', now }) // { ok: false, reason: 'missing_headers' }
 */
export function checkSendGridHeaders(r: Omit<SignedRequest, 'publicKey' | 'rawBody'>): SignatureCheck {
  if (!r.signature || !r.timestamp) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(r.timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  const skew = Math.abs(r.now.getTime() / 1000 - Number(r.timestamp));
  if (skew > (r.toleranceSeconds ?? sendGridToleranceSeconds)) return { ok: false, reason: 'stale_timestamp' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(r.signature) || r.signature.length > 200) return { ok: false, reason: 'malformed_signature' };
  return { ok: true };
}

export interface SignedRequest {
  readonly publicKey: KeyObject;
  /** The signature header, as received; undefined when absent. */
  readonly signature: string | undefined;
  /** The timestamp header, as received; undefined when absent. */
  readonly timestamp: string | undefined;
  readonly rawBody: Uint8Array;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing_headers' | 'malformed_timestamp' | 'stale_timestamp' | 'malformed_signature' | 'bad_signature' };

/**
 * Verifies one webhook request. Pure: the clock is `now`, so recorded vectors verify with a pinned instant.
 * @example verifySendGridSignature({ publicKey, signature, timestamp: '1600112502', rawBody, now: new Date(1600112502_000) }) // { ok: true }
 */
export function verifySendGridSignature(r: SignedRequest): SignatureCheck {
  const headers = checkSendGridHeaders(r);
  if (!headers.ok || !r.signature || !r.timestamp) return headers.ok ? { ok: false, reason: 'missing_headers' } : headers;
  const signed = Buffer.concat([Buffer.from(r.timestamp, 'utf8'), r.rawBody]);
  try {
    // dsaEncoding 'der' (the default): SendGrid sends an ASN.1 DER ECDSA signature, not raw r‖s.
    return verify('sha256', signed, { key: r.publicKey, dsaEncoding: 'der' }, Buffer.from(r.signature, 'base64'))
      ? { ok: true }
      : { ok: false, reason: 'bad_signature' };
  } catch {
    // OpenSSL throws on DER it cannot parse rather than answering false.
    return { ok: false, reason: 'bad_signature' };
  }
}
