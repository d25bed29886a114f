import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildCustomerReplyParse, examplePromise } from '../../adapters/local/customer-reply-parse.js';
import type { OutboxEmail } from '../../adapters/local/outbox-reader.js';
import { readInboundForm } from '../../adapters/http/inbound-form.js';
import { bodyBudget } from '../../adapters/http/respond.js';
import { readInboundParse } from '../../src/domain/inbound-parse.js';
import { readReplyKeys } from '../../src/domain/reply-matching.js';
import { understandReply } from '../../src/domain/replies/understand-reply.js';

// The Inbound Parse request "Reply as the customer" builds, read back by the webhook's own multipart reader and
// Inbound Parse reader, as the webhook reads it.

const at = new Date('2026-03-13T08:30:00Z');
const email: OutboxEmail = {
  file: '20260313T083000000Z-7.eml', from: 'Acme Receivables <ar@acme.example>', to: 'ap@northwind.example, ops@northwind.example',
  cc: 'cfo@northwind.example', subject: 'Facture échue INV-7', date: 'Fri, 13 Mar 2026 08:30:00 +0000',
  messageId: '<arbot.7.0123456789abcdef@reply.acme.example>', replyTo: `r+${'a'.repeat(53)}@reply.acme.example`,
  html: null, text: 'Invoice INV-7 of 1,200.00 EUR is 3 days overdue.\nPay at https://pay.example/7',
};

async function readBack(o: Partial<OutboxEmail> = {}, text = 'We will pay on 27 March 2026.') {
  const built = buildCustomerReplyParse({ email: { ...email, ...o }, text, at, nonce: '00ff00ff00ff00ff' });
  if (!built.ok) throw new Error(built.reason);
  const req = Object.assign(Readable.from([built.request.body]), {
    headers: { 'content-type': built.request.contentType, 'content-length': String(built.request.body.length) },
  }) as unknown as IncomingMessage;
  const form = await readInboundForm(req, { maxBytes: 1 << 20, maxFileBytes: 1 << 20, budget: bodyBudget(1 << 21), onChunk: () => {} });
  if (!form.ok) throw new Error(form.reason);
  const read = readInboundParse({ fields: form.fields, files: form.files, rawSize: form.size, bodySha256Hex: 'ab', receivedAt: at });
  if (!read.ok) throw new Error(read.reason);
  return { built, reply: read.reply, fields: form.fields };
}

describe('the customer reply as an Inbound Parse post', () => {
  it('comes from the first billing contact, goes to the Reply-To and threads on our Message-ID', async () => {
    const { built, reply, fields } = await readBack();
    expect(built).toMatchObject({ from: 'ap@northwind.example', to: email.replyTo });
    expect(reply).toMatchObject({
      mode: 'parsed', messageId: '<local-reply.00ff00ff00ff00ff@northwind.example>', fromAddress: 'ap@northwind.example',
      toAddress: email.replyTo, subject: 'Re: Facture échue INV-7', spf: 'pass', dkim: '{@northwind.example : pass}', attachments: [],
    });
    expect(readReplyKeys(reply, 'reply.acme.example')).toEqual({
      machine: null, tokens: ['a'.repeat(53)], referencedIds: [email.messageId], sender: 'ap@northwind.example',
    });
    expect(JSON.parse(Buffer.from(fields.get('envelope')!).toString('utf8'))).toEqual({ to: [email.replyTo], from: 'ap@northwind.example' });
    // The subject is not ASCII: the header block carries it as RFC 2047 words, the subject field as UTF-8.
    expect(reply.headers).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  });

  it('quotes the email under the answer, and the reply reader keeps only the answer', async () => {
    const { reply } = await readBack();
    expect(reply.textBody).toBe(`We will pay on 27 March 2026.\n\nOn ${email.date}, ${email.from} wrote:\n> Invoice INV-7 of 1,200.00 EUR is 3 days overdue.\n> Pay at https://pay.example/7\n`);
    const understood = understandReply({ text: reply.textBody!, sentAt: at, zone: 'Europe/Paris' });
    expect(understood.promise).toMatchObject({ date: '2026-03-27' });
  });

  it.each([
    ['no Reply-To: to the sender', { replyTo: '' }, 'ar@acme.example', 'Re: Facture échue INV-7'],
    ['a subject already "Re:": kept', { subject: 'RE: your question' }, email.replyTo, 'RE: your question'],
  ])('%s', async (_name, o, to, subject) => {
    const { built, reply } = await readBack(o);
    expect(built.ok && built.to).toBe(to);
    expect(reply.subject).toBe(subject);
  });

  it('without our Message-ID it has no thread headers', async () => {
    const { reply } = await readBack({ messageId: null });
    expect(reply.headers).not.toMatch(/In-Reply-To|References/);
  });

  it('keeps a typed boundary-looking line and any text intact', async () => {
    const text = '--xYzZY\r\n--xYzZY-- ça va 😀';
    expect((await readBack({}, text)).reply.textBody).toMatch(/^--xYzZY\r\n--xYzZY-- ça va 😀\n\nOn /);
  });

  it.each([
    ['an email that names no recipient', { to: '' }, 'x', 'this email names no recipient to reply as'],
    ['a text holding the very boundary (its random part guessed)', {}, '\r\n--xYzZY00ff00ff00ff00ff--', 'the text holds the multipart boundary'],
  ])('refuses %s', (_name, o, text, reason) => {
    expect(buildCustomerReplyParse({ email: { ...email, ...o }, text, at, nonce: '00ff00ff00ff00ff' })).toEqual({ ok: false, reason });
  });
});

describe('the example promise', () => {
  it.each([
    ['two weeks after today in the zone', '2026-03-13T08:30:00Z', 'Europe/Paris', 'We will pay on 27 March 2026.'],
    ['already tomorrow in Tokyo', '2026-03-13T20:00:00Z', 'Asia/Tokyo', 'We will pay on 28 March 2026.'],
    ['across a year end', '2026-12-20T12:00:00Z', 'UTC', 'We will pay on 3 January 2027.'],
  ])('%s', (_name, now, zone, text) => {
    expect(examplePromise(new Date(now), zone)).toBe(text);
  });
});
