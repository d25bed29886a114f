import { distinctRecipients } from '../../src/domain/email-recipients.js';
import type { OutgoingEmail } from '../../src/ports/email-sender.js';

const CRLF = '\r\n';

/**
 * One RFC 5322 message: multipart/alternative with a text and an HTML part, both UTF-8 quoted-printable.
 * Pure: the date, Message-ID and boundary are arguments.
 * @example buildEml(email, { date, messageId: '<1.abc@ar.example>', boundary: '=_arbot_abc' }).startsWith('From: ')
 */
export function buildEml(email: OutgoingEmail, meta: { date: Date; messageId: string; boundary: string }): string {
  // Each address once across To and Cc, as SendGrid requires; an outbox file shows what SendGrid would send.
  const { to, cc } = distinctRecipients(email.to, email.cc);
  const headers: string[] = [
    addressHeader('From', [formatMailbox(email.from.email, email.from.name)]),
    addressHeader('To', to.map((a) => formatMailbox(a))),
  ];
  if (cc.length > 0) headers.push(addressHeader('Cc', cc.map((a) => formatMailbox(a))));
  if (email.replyTo) headers.push(addressHeader('Reply-To', [formatMailbox(email.replyTo)]));
  headers.push(
    `Subject: ${encodeUnstructured(email.subject, 'Subject: '.length)}`,
    `Date: ${formatRfc5322Date(meta.date)}`,
    `Message-ID: ${meta.messageId}`,
    'MIME-Version: 1.0',
  );
  // An answer's place in the customer's thread; ids hold no spaces, so References folds between them.
  if (email.inReplyTo) headers.push(`In-Reply-To: ${email.inReplyTo}`);
  if (email.references && email.references.length > 0) headers.push(`References: ${email.references.join(`${CRLF} `)}`);
  const emailId = email.customArgs.arbot_email_id;
  if (emailId !== undefined) headers.push(`X-Arbot-Email-Id: ${encodeUnstructured(emailId, 'X-Arbot-Email-Id: '.length)}`);
  headers.push(`Content-Type: multipart/alternative;${CRLF} boundary="${meta.boundary}"`);

  const part = (type: string, body: string) => [
    `--${meta.boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(body),
  ].join(CRLF);

  return [
    headers.join(CRLF),
    '',
    'This is a multi-part message in MIME format.',
    part('text/plain', email.text),
    part('text/html', email.html),
    `--${meta.boundary}--`,
    '',
  ].join(CRLF);
}

/**
 * Quoted-printable (RFC 2045) of UTF-8 text with CRLF line breaks and lines of at most 76 characters.
 * @example encodeQuotedPrintable('Montant dû = 5 €') // "Montant d=C3=BB =3D 5 =E2=82=AC"
 */
export function encodeQuotedPrintable(text: string): string {
  return text.replace(/\r\n|\r/g, '\n').split('\n').map(encodeQuotedPrintableLine).join(CRLF);
}

function encodeQuotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const lines: string[] = [];
  let current = '';
  bytes.forEach((b, i) => {
    const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i < bytes.length - 1);
    const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (current.length + token.length > 75) {
      lines.push(`${current}=`); // soft line break: 75 characters plus "=" keeps every line within 76
      current = '';
    }
    current += token;
  });
  lines.push(current);
  return lines.join(CRLF);
}

/**
 * An unstructured header value: ASCII as it is (folded at spaces), anything else as RFC 2047 encoded words.
 * Line breaks never survive into a header.
 * @example encodeUnstructured('Relance : facture échue', 9) // "=?UTF-8?B?UmVsYW5jZSA6IGZhY3R1cmUgw6ljaHVl?="
 */
export function encodeUnstructured(value: string, used: number): string {
  const text = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(text)) return foldAtSpaces(text, used);
  return encodeWords(text);
}

/** Encoded words of at most 75 characters, never splitting a character, joined by folding whitespace. */
function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 42 bytes of UTF-8 make 56 base64 characters: with "=?UTF-8?B?" and "?=" that is 68, so even the first
    // word after "Subject: " stays within 78 characters.
    if (Buffer.byteLength(chunk + ch, 'utf8') > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function foldAtSpaces(text: string, used: number): string {
  const [head = '', ...rest] = text.split(' ');
  let out = head;
  let width = used + head.length;
  for (const word of rest) {
    // Folding turns the space into CRLF + space, which unfolding turns back; never leave a blank line.
    if (word !== '' && width + 1 + word.length > 78) {
      out += `${CRLF} ${word}`;
      width = 1 + word.length;
    } else {
      out += ` ${word}`;
      width += 1 + word.length;
    }
  }
  return out;
}

/**
 * `Name <address>`, with the display name quoted or encoded as needed, or the bare address.
 * @example formatMailbox('billing@ar.example', 'Accounts receivable') // "Accounts receivable <billing@ar.example>"
 * @example formatMailbox('b@ar.example', 'Compta, Sàrl') // "=?UTF-8?B?Q29tcHRhLCBTw6BybA==?= <b@ar.example>"
 */
export function formatMailbox(address: string, name?: string): string {
  const addr = address.replace(/[\r\n<>\s]/g, '');
  const display = name?.replace(/[\r\n]+/g, ' ').trim();
  if (!display) return addr;
  if (!/^[\x20-\x7e]*$/.test(display)) return `${encodeWords(display)} <${addr}>`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/.test(display)) return `${display} <${addr}>`;
  return `"${display.replace(/(["\\])/g, '\\$1')}" <${addr}>`;
}

/** An address-list header, folded after a comma so long recipient lists keep lines near 78 characters. */
function addressHeader(name: string, mailboxes: readonly string[]): string {
  let out = `${name}: `;
  let width = out.length;
  mailboxes.forEach((mailbox, i) => {
    const firstLine = mailbox.split(CRLF)[0]!;
    if (i > 0 && width + 2 + firstLine.length > 78) {
      out += `,${CRLF} `;
      width = 1;
    } else if (i > 0) {
      out += ', ';
      width += 2;
    }
    out += mailbox;
    width = mailbox.includes(CRLF) ? mailbox.length - mailbox.lastIndexOf(CRLF) - 2 : width + mailbox.length;
  });
  // A long encoded display name leaves no room for its address: fold before the "<".
  return out.split(CRLF).map((line) => (line.length > 78 && line.includes(' <') ? line.replace(/ <(?!.* <)/, `${CRLF} <`) : line)).join(CRLF);
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 5322 date-time in UTC.
 * @example formatRfc5322Date(new Date('2026-03-31T09:05:00Z')) // "Tue, 31 Mar 2026 09:05:00 +0000"
 */
export function formatRfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${two(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} `
    + `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
