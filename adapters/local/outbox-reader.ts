import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One email of the local outbox, decoded for display. */
export interface OutboxEmail {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly subject: string;
  readonly date: string;
  /** Our Message-ID (with its angle brackets): a reply's In-Reply-To names it. Null in an email that has none. */
  readonly messageId: string | null;
  /** Where a reply goes: `r+<token>@INBOUND_DOMAIN`, the account manager, or '' when the email names none. */
  readonly replyTo: string;
  readonly html: string | null;
  readonly text: string | null;
}

/** Outbox files are `<timestamp>-<email id>[-n].eml`; nothing else is ever read (no path in a name). */
export const outboxFileName = /^[0-9TZ]+-[A-Za-z0-9_-]+\.eml$/;

/** The newest `limit` emails of the outbox folder, newest first; an absent folder is an empty outbox. */
export async function listOutbox(dir: string, limit = 200): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return files.filter((f) => outboxFileName.test(f)).sort().reverse().slice(0, limit);
}

export async function readOutboxEmail(dir: string, file: string): Promise<OutboxEmail | null> {
  if (!outboxFileName.test(file)) return null;
  try {
    return { file, ...parseEml(await readFile(join(dir, file), 'utf8')) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Reads back what adapters/email/mime.ts writes (RFC 5322 headers with RFC 2047 words, multipart/alternative,
 * quoted-printable UTF-8 parts). Not a general MIME parser: enough for arbot's own outbox.
 */
export function parseEml(eml: string): Omit<OutboxEmail, 'file'> {
  const [head, body] = splitHead(eml);
  const headers = parseHeaders(head);
  const get = (name: string) => decodeWords(headers.get(name) ?? '');
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  let html: string | null = null;
  let text: string | null = null;
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [`Content-Type: ${headers.get('content-type') ?? 'text/plain'}\r\n\r\n${body}`];
  for (const part of parts) {
    const [partHead, partBody] = splitHead(part.replace(/^\r?\n/, ''));
    const h = parseHeaders(partHead);
    const encoding = (h.get('content-transfer-encoding') ?? '').toLowerCase();
    const content = encoding === 'quoted-printable' ? decodeQuotedPrintable(partBody)
      : encoding === 'base64' ? Buffer.from(partBody.replace(/\s+/g, ''), 'base64').toString('utf8') : partBody;
    const type = (h.get('content-type') ?? '').toLowerCase();
    if (type.startsWith('text/html')) html = content;
    else if (type.startsWith('text/plain')) text = content;
  }
  const messageId = /<[^<>\s]+>/.exec(headers.get('message-id') ?? '')?.[0] ?? null;
  return {
    from: get('from'), to: get('to'), cc: get('cc'), subject: get('subject'), date: get('date'), messageId, replyTo: get('reply-to'), html, text,
  };
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

function parseHeaders(head: string): Map<string, string> {
  const out = new Map<string, string>();
  // Unfold: a line break followed by whitespace continues the header.
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

/** RFC 2047 words (B and Q), with the whitespace between adjacent words dropped as the RFC says. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) => (enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

/** Quoted-printable back to UTF-8 text: soft breaks removed, `=XX` bytes decoded, CRLF kept as line breaks. */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    const hex = c === '=' ? joined.slice(i + 1, i + 3) : '';
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
}
