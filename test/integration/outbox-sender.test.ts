import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import PostalMime, { decodeWords } from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeQuotedPrintable, encodeUnstructured, formatMailbox } from '../../adapters/email/mime.js';
import { createOutboxSender } from '../../adapters/email/outbox-sender.js';
import { createLogger } from '../../src/log.js';
import type { OutgoingEmail } from '../../src/ports/email-sender.js';

const longLine = `Montant dû : 1 234,50 € = total; ${'la facture reste impayée malgré nos relances, '.repeat(4)}fin.   `;
const email: OutgoingEmail = {
  from: { email: 'billing@northwind.example', name: 'Comptabilité Northwind' },
  to: ['ap@acme.example', 'finance@acme.example'],
  cc: ['cfo@acme.example'],
  replyTo: 'jane.doe@northwind.example',
  subject: 'Rappel : facture F-1001 en attente de règlement – Société Générale des Eaux et Forêts',
  text: `À l'attention de Acme\n\n${longLine}\n-- \nJane Doe\n`,
  html: '<!DOCTYPE html>\n<html lang="fr"><body><p>Montant dû : <b>1 234,50 €</b></p><p>A&amp;B</p></body></html>\n',
  customArgs: { arbot_email_id: '42', step: 'overdue' },
  categories: ['arbot-reminder'],
};
const at = new Date('2026-03-31T09:00:00.123Z');

let dir: string;
let logLines: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arbot-outbox-'));
  logLines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sender(outbox = join(dir, 'outbox')) {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return createOutboxSender({ dir: outbox, log: createLogger('info', stream), now: () => at });
}

describe('the outbox sender', () => {
  it('writes one parseable .eml named by time and email id', async () => {
    const result = await sender().send(email);

    expect(result).toEqual({ outcome: 'sent', provider: 'outbox', messageId: '20260331T090000123Z-42.eml' });
    expect(readdirSync(join(dir, 'outbox'))).toEqual(['20260331T090000123Z-42.eml']);

    const raw = readFileSync(join(dir, 'outbox', '20260331T090000123Z-42.eml'), 'utf8');
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.from).toEqual({ name: 'Comptabilité Northwind', address: 'billing@northwind.example' });
    expect(parsed.to).toEqual([{ name: '', address: 'ap@acme.example' }, { name: '', address: 'finance@acme.example' }]);
    expect(parsed.cc).toEqual([{ name: '', address: 'cfo@acme.example' }]);
    expect(parsed.replyTo).toEqual([{ name: '', address: 'jane.doe@northwind.example' }]);
    expect(parsed.date).toBe('2026-03-31T09:00:00.000Z');
    expect(parsed.messageId).toMatch(/^<20260331T090000123Z\.42\.[0-9a-f]+@northwind\.example>$/);
    const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
    expect(header('x-arbot-email-id')).toBe('42');
    expect(header('mime-version')).toBe('1.0');
    expect(header('content-type')).toMatch(/^multipart\/alternative;\s+boundary="=_arbot_[0-9a-f]+"$/);
    // postal-mime adds a line break at the end of a part (Python's email package does not): compare without.
    const body = (s: string | undefined) => s?.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    expect(body(parsed.text)).toBe(body(email.text));
    expect(body(parsed.html)).toBe(body(email.html));
    expect(parsed.attachments).toEqual([]);
  });

  it('keeps the file 7-bit with CRLF lines of at most 78 characters', async () => {
    const { messageId } = (await sender().send(email)) as { messageId: string };
    const raw = readFileSync(join(dir, 'outbox', messageId), 'utf8');

    expect(raw).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw).toContain('\r\nSubject: =?UTF-8?B?');
    expect(raw).toMatch(/^From: =\?UTF-8\?B\?/);
    expect(raw).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    expect(raw).toContain('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
  });

  it('logs one line with the file and the recipient count, never an address', async () => {
    await sender().send(email);

    expect(logLines).toHaveLength(1);
    const line = JSON.parse(logLines[0]!);
    expect(line).toMatchObject({ provider: 'outbox', file: '20260331T090000123Z-42.eml', recipients: 3 });
    expect(logLines[0]).not.toContain('@');
  });

  it('never overwrites: the same email id at the same instant gets a suffix', async () => {
    const s = sender();
    const first = await s.send(email);
    const second = await s.send(email);

    expect(first).toMatchObject({ messageId: '20260331T090000123Z-42.eml' });
    expect(second).toMatchObject({ messageId: '20260331T090000123Z-42-2.eml' });
    expect(readdirSync(join(dir, 'outbox'))).toHaveLength(2);
  });

  it('names a file without an email id by a random one, and writes an ASCII subject as it is', async () => {
    const result = await sender().send({ ...email, subject: 'Payment reminder', customArgs: {}, cc: [], replyTo: null });

    expect(result).toMatchObject({ outcome: 'sent', messageId: expect.stringMatching(/^20260331T090000123Z-[0-9a-f]{8}\.eml$/) });
    const raw = readFileSync(join(dir, 'outbox', (result as { messageId: string }).messageId), 'utf8');
    expect(raw).toContain('\r\nSubject: Payment reminder\r\n');
    expect(raw).not.toMatch(/^(Cc|Reply-To|X-Arbot-Email-Id):/m);
  });

  it('folds a long non-ASCII sender name and many recipients within 78 characters', async () => {
    const name = 'Service comptabilité clients et recouvrement — Northwind Énergie';
    const to = Array.from({ length: 6 }, (_, i) => `accounts.payable.${i}@acme-industries.example`);
    const { messageId } = (await sender().send({ ...email, from: { ...email.from, name }, to })) as { messageId: string };
    const raw = readFileSync(join(dir, 'outbox', messageId), 'utf8');

    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.from).toEqual({ name, address: 'billing@northwind.example' });
    expect(parsed.to?.map((a) => ('address' in a ? a.address : null))).toEqual(to);
  });

  it('answers "retry" when the outbox cannot be written', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const result = await sender(join(notADir, 'outbox')).send(email);

    expect(result).toMatchObject({ outcome: 'retry', retryAfterMs: null });
    expect(logLines).toEqual([]);
  });
});

describe('MIME encoding', () => {
  it.each([
    ['plain ASCII', 'plain ASCII'],
    ['a = b', 'a =3D b'],
    ['dû €', 'd=C3=BB =E2=82=AC'],
    ['trailing space ', 'trailing space=20'],
    ['tab\tinside', 'tab\tinside'],
    ['two\nlines', 'two\r\nlines'],
    ['x'.repeat(80), `${'x'.repeat(75)}=\r\n${'x'.repeat(5)}`],
    [`${'x'.repeat(74)}é`, `${'x'.repeat(74)}=\r\n=C3=A9`],
  ])('quoted-printable of %j', (text, encoded) => {
    expect(encodeQuotedPrintable(text)).toBe(encoded);
  });

  it.each([
    'Payment reminder',
    'Rappel : facture F-1 en attente de règlement',
    '請求書 INV-1 のお支払いについて',
    'Émoji 🧾 and a very long subject that goes on and on and on past the seventy-eight character limit',
    'Injected\r\nBcc: victim@example.com',
  ])('encodes and decodes the header text %j', (text) => {
    const encoded = encodeUnstructured(text, 'Subject: '.length);
    expect(encoded).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(encoded.split('\r\n').every((l, i) => l.length + (i === 0 ? 9 : 0) <= 78 || !l.includes(' '))).toBe(true);
    expect(encoded).not.toMatch(/\r\n(?! )/); // every line break is folding, never a new header
    const unfolded = encoded.replace(/\r\n /g, /=\?/.test(encoded) ? '' : ' ');
    expect(decodeWords(unfolded)).toBe(text.replace(/[\r\n]+/g, ' '));
  });

  it.each([
    ['billing@ar.example', undefined, 'billing@ar.example'],
    ['billing@ar.example', 'Accounts receivable', 'Accounts receivable <billing@ar.example>'],
    ['billing@ar.example', 'Acme, Inc.', '"Acme, Inc." <billing@ar.example>'],
    ['billing@ar.example', 'Say "hi"', '"Say \\"hi\\"" <billing@ar.example>'],
    ['b@ar.example', 'Compta, Sàrl', '=?UTF-8?B?Q29tcHRhLCBTw6BybA==?= <b@ar.example>'],
  ])('formats %s named %j as %s', (address, name, formatted) => {
    expect(formatMailbox(address, name)).toBe(formatted);
  });
});
