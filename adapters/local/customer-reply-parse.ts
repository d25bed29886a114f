import { addDaysToDate, dateInZone } from '../../src/domain/calendar-date.js';
import { bareAddress } from '../../src/domain/reply-matching.js';
import { encodeUnstructured, formatRfc5322Date } from '../email/mime.js';
import type { InboundParseRequest } from './local-inbound.js';
import type { OutboxEmail } from './outbox-reader.js';

/** The longest answer the reply form takes (a reply is a few lines; the webhook's own limits stay the real bound). */
export const maxReplyChars = 10_000;

/** What a customer's reply to one outbox email is made of; `nonce` (random hex) makes its Message-ID unique. */
export interface CustomerReply {
  readonly email: OutboxEmail;
  readonly text: string;
  readonly at: Date;
  readonly nonce: string;
}

export type BuiltReply =
  | { readonly ok: true; readonly request: InboundParseRequest; readonly from: string; readonly to: string; readonly messageId: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The example a reply form starts with: a payment promise two weeks after `now` in `zone`, in words the reply
 * reader understands.
 * @example examplePromise(new Date('2026-03-13T10:00:00Z'), 'Europe/Paris') // "We will pay on 27 March 2026."
 */
export function examplePromise(now: Date, zone: string): string {
  const [y, m, d] = addDaysToDate(dateInZone(now, zone), 14).split('-').map(Number) as [number, number, number];
  const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  return `We will pay on ${d} ${month} ${y}.`;
}

/**
 * Who answers an outbox email and where to: its first recipient (the customer's first billing contact) writes to
 * its Reply-To, or to its sender when it has none. Bare addresses, lower case.
 * @example replyParties({ to: 'ap@x.example, ops@x.example', replyTo: 'r+abc…@reply.acme.example', from: 'AR <ar@acme.example>', … }) // { ok: true, from: 'ap@x.example', to: 'r+abc…@reply.acme.example' }
 */
export function replyParties(email: Pick<OutboxEmail, 'to' | 'replyTo' | 'from'>): { ok: true; from: string; to: string } | { ok: false; reason: string } {
  const from = bareAddress(email.to);
  if (from === null) return { ok: false, reason: 'this email names no recipient to reply as' };
  const to = bareAddress(email.replyTo || email.from);
  if (to === null) return { ok: false, reason: 'this email names no address to reply to' };
  return { ok: true, from, to };
}

/**
 * The SendGrid Inbound Parse request (parsed mode) for the customer's answer to one outbox email, as SendGrid posts
 * it: From the email's first recipient (the customer's first billing contact), To its Reply-To (else its sender),
 * threaded on its Message-ID (In-Reply-To and References), the original quoted below the answer, every text field
 * UTF-8 as `charsets` says, SPF and DKIM passed. Pure: the instant and the nonce are arguments.
 * @example buildCustomerReplyParse({ email, text: 'We will pay on 27 March 2026.', at, nonce: '9f2c4e1a' }) // { ok: true, request: { body, contentType }, … }
 */
export function buildCustomerReplyParse(r: CustomerReply): BuiltReply {
  const parties = replyParties(r.email);
  if (!parties.ok) return parties;
  const { from, to } = parties;
  const toHeader = r.email.replyTo || r.email.from;
  const domain = from.split('@')[1]!;
  const messageId = `<local-reply.${r.nonce}@${domain}>`;
  const subject = /^re:/i.test(r.email.subject) ? r.email.subject : `Re: ${r.email.subject}`;
  // A display name that is not plain ASCII would need RFC 2047 in a header: the bare address says the same.
  const toValue = /^[\x20-\x7e]*$/.test(toHeader) ? toHeader : to;
  const thread = r.email.messageId === null ? [] : [`In-Reply-To: ${r.email.messageId}`, `References: ${r.email.messageId}`];
  const headers = [
    `Received: from mail.${domain} (127.0.0.1) by the arbot local workspace; ${formatRfc5322Date(r.at)}`,
    `From: ${from}`, `To: ${toValue}`, `Subject: ${encodeUnstructured(subject, 'Subject: '.length)}`,
    `Date: ${formatRfc5322Date(r.at)}`, `Message-ID: ${messageId}`, ...thread,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', '',
  ].join('\r\n');
  const quoted = (r.email.text ?? '').split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
  const text = `${r.text}\n\nOn ${r.email.date}, ${r.email.from} wrote:\n${quoted}\n`;
  const fields: [string, string][] = [
    ['headers', headers], ['dkim', `{@${domain} : pass}`], ['to', toValue], ['from', from], ['text', text],
    ['sender_ip', '127.0.0.1'], ['envelope', JSON.stringify({ to: [to], from })], ['attachments', '0'], ['subject', subject],
    ['charsets', JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' })], ['SPF', 'pass'],
  ];
  // SendGrid's boundary is the fixed "xYzZY"; the random nonce keeps it out of any text a person typed.
  const boundary = `xYzZY${r.nonce}`;
  if (fields.some(([, value]) => value.includes(`--${boundary}`))) return { ok: false, reason: 'the text holds the multipart boundary' };
  const body = Buffer.concat([
    ...fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8')),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { ok: true, request: { body, contentType: `multipart/form-data; boundary=${boundary}` }, from, to, messageId };
}
