import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSendGridPublicKey, verifySendGridSignature } from '../../src/domain/sendgrid-signature.js';

const fixture = (name: string) => new URL(`../fixtures/sendgrid/${name}`, import.meta.url);

interface Vector { name: string; public_key: string; timestamp: string; signature: string; payload: string }
const vectors = ['single', 'multiple'].map((n) => {
  const v = JSON.parse(readFileSync(fixture(`signature_test_vector_${n}.json`), 'utf8')) as Vector;
  return { ...v, rawBody: readFileSync(fixture(`signature_test_vector_${n}.body.bin`)) };
});

const keyOf = (text: string) => {
  const k = parseSendGridPublicKey(text);
  if (!k.ok) throw new Error(k.reason);
  return k.key;
};
const at = (timestamp: string, offsetSeconds = 0) => new Date((Number(timestamp) + offsetSeconds) * 1000);

describe("SendGrid's signed webhook vectors", () => {
  it.each(vectors)('the $name vector: the raw body file is the payload, byte for byte, CRLF included', (v) => {
    expect(v.rawBody.equals(Buffer.from(v.payload, 'utf8'))).toBe(true);
    expect(v.rawBody.subarray(-2).toString('latin1')).toBe('\r\n');
  });

  it.each(vectors)('verifies the $name vector at its own timestamp', (v) => {
    expect(verifySendGridSignature({ publicKey: keyOf(v.public_key), signature: v.signature, timestamp: v.timestamp, rawBody: v.rawBody, now: at(v.timestamp) }))
      .toEqual({ ok: true });
  });

  it.each(vectors)('verifies the $name vector within the tolerance, either side', (v) => {
    const base = { publicKey: keyOf(v.public_key), signature: v.signature, timestamp: v.timestamp, rawBody: v.rawBody };
    expect(verifySendGridSignature({ ...base, now: at(v.timestamp, 600) })).toEqual({ ok: true });
    expect(verifySendGridSignature({ ...base, now: at(v.timestamp, -600) })).toEqual({ ok: true });
  });

  it.each(vectors)('refuses the $name vector once the timestamp is stale, or from the future', (v) => {
    const base = { publicKey: keyOf(v.public_key), signature: v.signature, timestamp: v.timestamp, rawBody: v.rawBody };
    expect(verifySendGridSignature({ ...base, now: at(v.timestamp, 601) })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySendGridSignature({ ...base, now: at(v.timestamp, -601) })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySendGridSignature({ ...base, now: new Date() })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it.each(vectors)('refuses the $name vector when the body loses its trailing CRLF or is re-serialized', (v) => {
    const base = { publicKey: keyOf(v.public_key), signature: v.signature, timestamp: v.timestamp, now: at(v.timestamp) };
    expect(verifySendGridSignature({ ...base, rawBody: v.rawBody.subarray(0, -2) })).toEqual({ ok: false, reason: 'bad_signature' });
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(v.rawBody.toString('utf8'))));
    expect(verifySendGridSignature({ ...base, rawBody: reserialized })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses one vector signature with the other vector key', () => {
    const [a, b] = vectors as [typeof vectors[0], typeof vectors[0]];
    expect(verifySendGridSignature({ publicKey: keyOf(b.public_key), signature: a.signature, timestamp: a.timestamp, rawBody: a.rawBody, now: at(a.timestamp) }))
      .toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a vector whose timestamp header was changed (within tolerance)', () => {
    const v = vectors[0]!;
    const ts = String(Number(v.timestamp) + 1);
    expect(verifySendGridSignature({ publicKey: keyOf(v.public_key), signature: v.signature, timestamp: ts, rawBody: v.rawBody, now: at(v.timestamp) }))
      .toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('webhook signatures with a key pair made here', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeyText = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const now = new Date('2026-03-02T10:00:00Z');
  const timestamp = String(now.getTime() / 1000);
  const rawBody = Buffer.from('[{"email":"ap@acme.example","event":"delivered","sg_event_id":"e1","timestamp":1772445600}]\r\n');
  const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), rawBody]), privateKey).toString('base64');
  const base = { publicKey: keyOf(publicKeyText), signature, timestamp, rawBody, now };

  it('verifies a body signed with the private key', () => {
    expect(verifySendGridSignature(base)).toEqual({ ok: true });
  });

  it('reads the same key written as PEM', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(verifySendGridSignature({ ...base, publicKey: keyOf(pem) })).toEqual({ ok: true });
  });

  it.each([
    ['a changed byte of the body', { rawBody: Buffer.from(rawBody.toString().replace('delivered', 'delivereD')) }, 'bad_signature'],
    ['a signature of another body', { signature: sign('sha256', Buffer.from(`${timestamp}[]`), privateKey).toString('base64') }, 'bad_signature'],
    ['a signature that is not DER', { signature: Buffer.alloc(64, 1).toString('base64') }, 'bad_signature'],
    ['a signature that is not base64', { signature: 'not base64!' }, 'malformed_signature'],
    ['no signature header', { signature: undefined }, 'missing_headers'],
    ['an empty signature header', { signature: '' }, 'missing_headers'],
    ['no timestamp header', { timestamp: undefined }, 'missing_headers'],
    ['a timestamp that is not a number', { timestamp: '2026-03-02T10:00:00Z' }, 'malformed_timestamp'],
    ['a negative timestamp', { timestamp: '-1' }, 'malformed_timestamp'],
    ['an hour-old timestamp (signed)', (() => {
      const old = String(Number(timestamp) - 3600);
      return { timestamp: old, signature: sign('sha256', Buffer.concat([Buffer.from(old), rawBody]), privateKey).toString('base64') };
    })(), 'stale_timestamp'],
  ])('refuses %s', (_what, change, reason) => {
    expect(verifySendGridSignature({ ...base, ...change })).toEqual({ ok: false, reason });
  });

  it('takes the tolerance as an argument', () => {
    expect(verifySendGridSignature({ ...base, now: new Date(now.getTime() + 61_000), toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });
});

describe('parseSendGridPublicKey', () => {
  it.each([
    ['empty text', '', 'not a base64 DER'],
    ['garbage', 'hello', 'not a base64 DER'],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), 'not an ECDSA P-256'],
    ['a key on another curve', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), 'not an ECDSA P-256'],
  ])('refuses %s', (_what, text, reason) => {
    const k = parseSendGridPublicKey(text);
    expect(k.ok).toBe(false);
    expect(k.ok ? '' : k.reason).toContain(reason);
  });

  it('accepts the key with surrounding blanks and line breaks', () => {
    const v = vectors[0]!;
    expect(parseSendGridPublicKey(`  ${v.public_key.slice(0, 40)}\n${v.public_key.slice(40)}\n`).ok).toBe(true);
  });
});
