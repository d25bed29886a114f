import { z } from 'zod';

/**
 * Pure reading of what SendGrid Inbound Parse posts: field bytes in their declared charsets, the header block, the
 * Message-ID that makes a reply unique. No I/O: the HTTP adapter hands bytes in, the reply store takes the result.
 */

const charsetsSchema = z.record(z.string(), z.string().max(64));

/**
 * The `charsets` field: which charset each other field is in. Anything unreadable counts as no information.
 * @example parseCharsets('{"text":"iso-8859-1","subject":"UTF-8"}') // { text: 'iso-8859-1', subject: 'UTF-8' }
 */
export function parseCharsets(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed = charsetsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Field bytes as text in `charset` (any label the WHATWG Encoding standard knows: utf-8, iso-8859-1, windows-1252,
 * shift_jis…). An unknown or missing charset reads as UTF-8, invalid bytes become U+FFFD. NUL is dropped: Postgres
 * text cannot hold it, and no mail text needs it.
 * @example decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1') // 'café'
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  const decoder = (() => {
    try {
      return new TextDecoder(charset?.trim() || 'utf-8');
    } catch {
      return new TextDecoder('utf-8');
    }
  })();
  const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  return text.replace(/\u0000/g, '');
}

/** What windows-1252 puts at 0x80-0x9F (the WHATWG table; 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as they are). */
const windows1252High = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F'
  + '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Node 20's TextDecoder takes a Latin-1 shortcut for windows-1252 (and every label mapped to it: iso-8859-1, latin1,
 * us-ascii), turning 0x80-0x9F into C1 controls: Outlook's curly apostrophe 0x92 and the euro sign 0x80 would be lost.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80]!);
}

/**
 * The header block of a message (up to the first empty line), lines unfolded, as name/value pairs in order.
 * @example parseHeaderBlock('Subject: Re: invoice\r\n 42\r\nMessage-ID: <a@b>\r\n') // [['subject', 'Re: invoice 42'], ['message-id', '<a@b>']]
 */
export function parseHeaderBlock(text: string): [name: string, value: string][] {
  const block = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out: [string, string][] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) last[1] = `${last[1]} ${line.trim()}`.trim();
    else {
      const colon = line.indexOf(':');
      if (colon > 0) out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return out;
}

/** The first header of that name (lower case), or undefined. */
export const headerOf = (headers: readonly [string, string][], name: string) => headers.find(([n]) => n === name)?.[1];

/**
 * The Message-ID, angle brackets included, when the header holds one; else null.
 * @example messageIdOf([['message-id', ' <CAF=x@mail.gmail.com> ']]) // '<CAF=x@mail.gmail.com>'
 */
export function messageIdOf(headers: readonly [string, string][]): string | null {
  const m = /<[^<>\s]{1,900}>/.exec(headerOf(headers, 'message-id') ?? '');
  return m ? m[0] : null;
}

/**
 * What makes a reply unique: its Message-ID, or for a message without one the SHA-256 of the signed body, so the
 * same delivery retried by SendGrid is still stored once.
 * @example replyKey(null, '2d71…4881') // 'sha256:2d71…4881'
 */
export const replyKey = (messageId: string | null, bodySha256Hex: string): string => messageId ?? `sha256:${bodySha256Hex}`;

/**
 * RFC 2047 encoded words (`=?iso-8859-1?Q?caf=E9?=`) in a raw header value, decoded; others left as they are.
 * @example decodeEncodedWords('=?utf-8?B?Y2Fmw6k=?= ok') // 'café ok'
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return decodeText(bytes, charset.split('*')[0]);
    });
}

const attachmentInfoSchema = z.record(z.string(), z.object({
  filename: z.string().max(1000).optional(),
  name: z.string().max(1000).optional(),
  type: z.string().max(255).optional(),
}).loose());

export interface AttachmentInfo {
  readonly filename?: string;
  readonly type?: string;
}

/**
 * The `attachment-info` field: name and type per attachment field (`attachment1`…); unreadable counts as none.
 * @example parseAttachmentInfo('{"attachment1":{"filename":"a.pdf","type":"application/pdf"}}') // { attachment1: { filename: 'a.pdf', type: 'application/pdf' } }
 */
export function parseAttachmentInfo(json: string | undefined): Record<string, AttachmentInfo> {
  if (!json) return {};
  try {
    const parsed = attachmentInfoSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return {};
    return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => {
      const filename = v.filename ?? v.name;
      return [k, { ...(filename !== undefined ? { filename } : {}), ...(v.type !== undefined ? { type: v.type } : {}) }];
    }));
  } catch {
    return {};
  }
}
