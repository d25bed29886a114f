import { createHash, generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendgridInboundRoutes } from '../../adapters/http/sendgrid-inbound.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import {
  inboundContentType, multipartBody, parsedModeParts, rawModeParts, signedInbound, type InboundPart,
} from '../support/inbound-parse.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const now = new Date('2026-03-02T10:00:00Z');
const nowSeconds = String(now.getTime() / 1000);
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const publicKeyText = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const intruder = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
const maxAttachment = 4096;

let db: TestDb;
let app: Running;
let url: string;

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', SENDGRID_INBOUND_PUBLIC_KEY: publicKeyText,
    INBOUND_MAX_BYTES: String(1024 * 1024), INBOUND_MAX_ATTACHMENT_BYTES: String(maxAttachment),
  });
  app = await startServer(config, quiet, { db, now: () => now });
  url = `http://127.0.0.1:${app.port}/webhooks/sendgrid/inbound`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

async function postBody(to: string, body: Buffer, headers: Record<string, string>, contentType = inboundContentType) {
  const res = await fetch(to, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const postSigned = (parts: InboundPart[] | Buffer, headers?: Record<string, string>) => {
  const body = Buffer.isBuffer(parts) ? parts : multipartBody(parts);
  return postBody(url, body, headers ?? signedInbound(body, privateKey, nowSeconds));
};
const replyCount = async () => (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM inbound_replies`)[0]!.n;
const reply = async (messageId: string) => (await db.sql`SELECT * FROM inbound_replies WHERE message_id = ${messageId}`)[0]!;

describe('POST /webhooks/sendgrid/inbound', () => {
  it('stores a parsed-mode UTF-8 reply with its headers, bodies and checks', async () => {
    const parts = parsedModeParts({
      messageId: '<utf8-1@mail.northwind.example>', subject: 'Re: Facture n° 42 – échéance',
      text: 'Bonjour, nous réglerons le 15 mars. Merci ! 😀', html: '<p>Bonjour, nous réglerons le 15 mars.</p>',
    });
    const r = await postSigned(parts);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stored: true });
    const row = await reply('<utf8-1@mail.northwind.example>');
    expect(row).toMatchObject({
      mode: 'parsed', from_address: 'Ana Lima <ana@northwind.example>', to_address: 'r+abc@reply.ar.example.com',
      subject: 'Re: Facture n° 42 – échéance', text_body: 'Bonjour, nous réglerons le 15 mars. Merci ! 😀',
      html_body: '<p>Bonjour, nous réglerons le 15 mars.</p>', spf: 'pass', dkim: '{@northwind.example : pass}',
      raw_size: BigInt(multipartBody(parts).length), raw_mime: null, received_at: now,
      auto_submitted: null, reminder_email_id: null, customer_id: null,
    });
    expect(row.headers).toContain('Message-ID: <utf8-1@mail.northwind.example>');
    expect(String(row.id)).toBe(String(r.body.reply_id));
  });

  it('decodes windows-1252 and iso-8859-1 fields with the charsets SendGrid names', async () => {
    // "Le paiement sera effectué le 15 — cordialement" in windows-1252: é is 0xE9, the em dash 0x97.
    const text = Buffer.concat([Buffer.from('Le paiement sera effectu', 'latin1'), Buffer.from([0xe9]), Buffer.from(' le 15 ', 'latin1'), Buffer.from([0x97]), Buffer.from(' cordialement', 'latin1')]);
    const subject = Buffer.from('Re: Relevé de compte', 'latin1');
    const html = Buffer.from('<p>Très bien, reçu.</p>', 'latin1');
    const r = await postSigned(parsedModeParts({
      messageId: '<cp1252@mail.northwind.example>', text, subject, html,
      charsets: { to: 'UTF-8', from: 'UTF-8', subject: 'iso-8859-1', text: 'windows-1252', html: 'ISO-8859-1' },
    }));
    expect(r.status).toBe(200);
    expect(await reply('<cp1252@mail.northwind.example>')).toMatchObject({
      text_body: 'Le paiement sera effectué le 15 — cordialement', subject: 'Re: Relevé de compte', html_body: '<p>Très bien, reçu.</p>',
    });
  });

  it('reads an unknown charset as UTF-8 with replacement characters', async () => {
    const r = await postSigned(parsedModeParts({
      messageId: '<unknown-charset@x>', text: Buffer.from([0x6f, 0x6b, 0xff]), charsets: { text: 'x-no-such-charset' },
    }));
    expect(r.status).toBe(200);
    expect((await reply('<unknown-charset@x>')).text_body).toBe('ok\uFFFD');
  });

  it('lists every attachment with its name and size, keeping the bytes only up to the attachment limit', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1500, 7)]);
    const big = Buffer.alloc(maxAttachment + 1, 1);
    const r = await postSigned(parsedModeParts({
      messageId: '<attach@mail.northwind.example>', text: 'Voir pièces jointes',
      attachments: [{ filename: 'remittance advice.pdf', type: 'application/pdf', content: pdf }, { filename: 'scan.tiff', type: 'image/tiff', content: big }],
    }));
    expect(r.status).toBe(200);
    const rows = await db.sql`
      SELECT a.position, a.filename, a.content_type, a.size_bytes, a.content FROM inbound_reply_attachments a
      JOIN inbound_replies r ON r.id = a.reply_id WHERE r.message_id = '<attach@mail.northwind.example>' ORDER BY a.position`;
    expect(rows).toEqual([
      { position: 1, filename: 'remittance advice.pdf', content_type: 'application/pdf', size_bytes: BigInt(pdf.length), content: pdf },
      { position: 2, filename: 'scan.tiff', content_type: 'image/tiff', size_bytes: BigInt(big.length), content: null },
    ]);
  });

  it('stores a raw-mode post: the whole MIME message, its Message-ID and decoded subject', async () => {
    const mime = Buffer.from([
      'Received: from mail.northwind.example', 'From: =?iso-8859-1?Q?Jos=E9_Pe=F1a?= <jose@northwind.example>',
      'To: r+abc@reply.ar.example.com', 'Subject: =?utf-8?B?UmU6IMOpY2jDqWFuY2U=?=', 'Message-ID: <raw-1@mail.northwind.example>',
      'Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: 8bit', '', 'Pay\xe9 hier.', '',
    ].join('\r\n'), 'latin1');
    const r = await postSigned(rawModeParts(mime));
    expect(r.status).toBe(200);
    const row = await reply('<raw-1@mail.northwind.example>');
    expect(row).toMatchObject({
      mode: 'raw', subject: 'Re: échéance', from_address: 'José Peña <jose@northwind.example>',
      to_address: 'r+abc@reply.ar.example.com', text_body: null, spf: 'pass', raw_mime: mime,
    });
    expect(row.headers).toContain('Message-ID: <raw-1@mail.northwind.example>');
    expect(row.headers).not.toContain('Pay');
  });

  it('stores a reply once when the same Message-ID arrives again, and answers 200 both times', async () => {
    const parts = parsedModeParts({ messageId: '<twice@mail.northwind.example>', text: 'first' });
    const first = await postSigned(parts);
    const before = await replyCount();
    const again = await postSigned(parts, signedInbound(multipartBody(parts), privateKey, String(Number(nowSeconds) - 30)));
    const otherBody = await postSigned(parsedModeParts({ messageId: '<twice@mail.northwind.example>', text: 'forwarded copy' }));
    expect([first.status, again.status, otherBody.status]).toEqual([200, 200, 200]);
    expect(first.body.stored).toBe(true);
    expect(again.body).toEqual({ reply_id: first.body.reply_id, stored: false });
    expect(otherBody.body).toEqual({ reply_id: first.body.reply_id, stored: false });
    expect(await replyCount()).toBe(before);
    expect((await reply('<twice@mail.northwind.example>')).text_body).toBe('first');
  });

  it('stores once two deliveries of the same reply arriving together', async () => {
    const before = await replyCount();
    const parts = parsedModeParts({ messageId: '<together@mail.northwind.example>', text: 'both at once' });
    const results = await Promise.all([postSigned(parts), postSigned(parts)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.stored).sort()).toEqual([false, true]);
    expect(await replyCount()).toBe(before + 1);
  });

  it('keeps an attachment whose encoded name holds a NUL, without the NUL', async () => {
    const body = Buffer.concat([
      multipartBody(parsedModeParts({ messageId: '<nul-name@x>', text: 'x' })).subarray(0, -'--xYzZY--\r\n'.length),
      Buffer.from(`--xYzZY\r\nContent-Disposition: form-data; name="attachment1"; filename*=utf-8''fac%00ture.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--xYzZY--\r\n`),
    ]);
    const r = await postSigned(body);
    expect(r.status).toBe(200);
    const [a] = await db.sql`SELECT filename, size_bytes FROM inbound_reply_attachments WHERE reply_id = ${String(r.body.reply_id)}::int8`;
    expect(a).toEqual({ filename: 'facture.pdf', size_bytes: 4n });
  });

  it('keys a reply without a Message-ID by the SHA-256 of its body, so a redelivery is still stored once', async () => {
    const body = multipartBody(parsedModeParts({ text: 'no message id here' }));
    const key = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const [a, b] = [await postSigned(body), await postSigned(body)];
    expect([a.body.stored, b.body.stored]).toEqual([true, false]);
    expect((await reply(key)).text_body).toBe('no message id here');
  });

  const fresh = multipartBody(parsedModeParts({ messageId: '<refused@x>', text: 'never stored' }));
  it.each([
    ['no signature headers', () => ({})],
    ['no timestamp header', () => ({ 'X-Twilio-Email-Event-Webhook-Signature': signedInbound(fresh, privateKey, nowSeconds)['X-Twilio-Email-Event-Webhook-Signature']! })],
    ['a signature made with another key', () => signedInbound(fresh, intruder, nowSeconds)],
    ['a signature of another body', () => signedInbound(multipartBody(parsedModeParts({ messageId: '<other@x>' })), privateKey, nowSeconds)],
    ['a changed timestamp header', () => ({ ...signedInbound(fresh, privateKey, nowSeconds), 'X-Twilio-Email-Event-Webhook-Timestamp': String(Number(nowSeconds) - 1) })],
    ['a timestamp 11 minutes old', () => signedInbound(fresh, privateKey, String(Number(nowSeconds) - 660))],
    ['a signature that is not DER', () => ({ ...signedInbound(fresh, privateKey, nowSeconds), 'X-Twilio-Email-Event-Webhook-Signature': 'AAAA' })],
  ])('answers 401 to %s and stores nothing', async (_what, headers) => {
    const before = await replyCount();
    const r = await postBody(url, fresh, headers());
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_signature');
    expect(await replyCount()).toBe(before);
  });

  it('answers 401, not 400, to an unsigned malformed body', async () => {
    const r = await postBody(url, Buffer.from('--xYzZY\r\nnot a part'), {});
    expect(r.status).toBe(401);
  });

  it.each([
    ['a body cut before its closing boundary', multipartBody(parsedModeParts({ messageId: '<cut@x>' })).subarray(0, 200), inboundContentType, 'malformed_multipart'],
    ['a part header with no end', Buffer.from(`--xYzZY\r\nContent-Disposition: form-data; name="text"\r\n${'X-Pad: y\r\n'.repeat(3000)}`), inboundContentType, 'malformed_multipart'],
    ['multipart without a boundary', multipartBody(parsedModeParts({ messageId: '<nob@x>' })), 'multipart/form-data', 'malformed_multipart'],
    ['a JSON body', Buffer.from('{"from":"a@b"}'), 'application/json', 'malformed_multipart'],
    ['a form with neither headers nor email', multipartBody([{ name: 'from', value: 'a@b' }, { name: 'text', value: 'hi' }]), inboundContentType, 'not_inbound_parse'],
  ])('answers 400 to %s, signed, and stores nothing', async (_what, body, contentType, code) => {
    const before = await replyCount();
    const r = await postBody(url, body, signedInbound(body, privateKey, nowSeconds), contentType);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(await replyCount()).toBe(before);
  });
});

describe('the inbound webhook with other settings', () => {
  async function serve(opts: { publicKey?: string; maxBytes?: number }) {
    const http = createHttpServer(sendgridInboundRoutes({
      store: postgresInboundReplyStore(db.sql), publicKey: opts.publicKey, maxBytes: opts.maxBytes ?? 1024 * 1024,
      maxAttachmentBytes: maxAttachment, now: () => now, log: quiet,
    }), quiet);
    const port = await http.listen(0, '127.0.0.1');
    return { http, port, url: `http://127.0.0.1:${port}/webhooks/sendgrid/inbound` };
  }

  it.each([
    [undefined, 'webhook_not_configured'],
    ['bm90IGEga2V5', 'webhook_misconfigured'],
  ])('answers 503 when the public key is %s', async (key, code) => {
    const s = await serve(key === undefined ? {} : { publicKey: key });
    try {
      const r = await postBody(s.url, fresh(), signedInbound(fresh(), privateKey, nowSeconds));
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe(code);
    } finally {
      await s.http.close();
    }
  });

  const fresh = () => multipartBody(parsedModeParts({ messageId: '<size@x>', text: 'x' }));

  it('answers 413 at once to a declared length over the limit, and to a signed body that grows past it', async () => {
    const s = await serve({ publicKey: publicKeyText, maxBytes: 64 * 1024 });
    try {
      const before = await replyCount();
      const big = multipartBody(parsedModeParts({ messageId: '<big@x>', attachments: [{ filename: 'a.bin', type: 'application/octet-stream', content: Buffer.alloc(80 * 1024, 3) }] }));
      const r = await postBody(s.url, big, signedInbound(big, privateKey, nowSeconds));
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('body_too_large');
      expect(await replyCount()).toBe(before);
    } finally {
      await s.http.close();
    }
  });

  it('answers 413 to a slow chunked body while it is still being sent, long before its end', async () => {
    const s = await serve({ publicKey: publicKeyText, maxBytes: 64 * 1024 });
    try {
      const total = 4 * 1024 * 1024;
      const chunk = Buffer.alloc(8 * 1024, 0x61);
      const result = await new Promise<{ status: number; sentWhenAnswered: number }>((resolve, reject) => {
        let sent = 0;
        const req = request({
          host: '127.0.0.1', port: s.port, method: 'POST', path: '/webhooks/sendgrid/inbound',
          headers: { 'content-type': inboundContentType, ...signedInbound(Buffer.alloc(0), privateKey, nowSeconds) },
        }, (res) => {
          const sentWhenAnswered = sent;
          res.resume();
          resolve({ status: res.statusCode ?? 0, sentWhenAnswered });
          req.destroy();
        });
        req.on('error', (err) => (sent >= total ? reject(err) : undefined));
        req.write('--xYzZY\r\nContent-Disposition: form-data; name="text"\r\n\r\n');
        const tick = setInterval(() => {
          if (req.destroyed) return clearInterval(tick);
          if (sent >= total) {
            clearInterval(tick);
            req.end();
            return;
          }
          req.write(chunk);
          sent += chunk.length;
        }, 5);
      });
      expect(result.status).toBe(413);
      // The limit is 64 KB: the answer came within a few chunks of it (65,536 bytes in the runs here), not after 4 MB.
      expect(result.sentWhenAnswered).toBeLessThan(128 * 1024);
    } finally {
      await s.http.close();
    }
  });
});
