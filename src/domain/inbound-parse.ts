import {
  decodeEncodedWords, decodeText, headerOf, messageIdOf, parseAttachmentInfo, parseCharsets, parseHeaderBlock, replyKey,
} from './inbound-email.js';

/** One multipart part SendGrid sent as a file (`attachment1`…), as the HTTP adapter read it. */
export interface PostedFile {
  readonly field: string;
  readonly filename: string | undefined;
  readonly contentType: string;
  readonly size: number;
  /** Null when the file was larger than the kept-content limit: only its size was counted. */
  readonly content: Uint8Array | null;
}

/** A signed Inbound Parse request, its fields still bytes (their charsets are named in the `charsets` field). */
export interface PostedInboundParse {
  readonly fields: ReadonlyMap<string, Uint8Array>;
  readonly files: readonly PostedFile[];
  readonly rawSize: number;
  readonly bodySha256Hex: string;
  readonly receivedAt: Date;
}

export interface InboundAttachment {
  readonly filename: string | null;
  readonly contentType: string | null;
  readonly sizeBytes: number;
  readonly content: Uint8Array | null;
}

/** A customer reply as stored: once per `messageId`. */
export interface InboundReply {
  /** The Message-ID with its angle brackets, or `sha256:` and the hash of the body for a message without one. */
  readonly messageId: string;
  readonly receivedAt: Date;
  readonly mode: 'parsed' | 'raw';
  readonly fromAddress: string | null;
  readonly toAddress: string | null;
  readonly subject: string | null;
  readonly headers: string | null;
  readonly textBody: string | null;
  readonly htmlBody: string | null;
  readonly spf: string | null;
  readonly dkim: string | null;
  readonly rawSize: number;
  readonly rawMime: Uint8Array | null;
  readonly attachments: readonly InboundAttachment[];
}

export type ReadInboundParse =
  | { readonly ok: true; readonly reply: InboundReply }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads an Inbound Parse post in either mode: parsed (`headers`, `text`, `html`, `attachmentN`… each field in the
 * charset `charsets` names) or raw (`email`, the whole MIME message, kept as bytes; its header block gives the
 * Message-ID, and From/To/Subject when SendGrid did not post them as fields).
 * @example readInboundParse({ fields: new Map([['headers', bytes('Message-ID: <a@b>\r\n')]]), files: [], rawSize: 9, bodySha256Hex: 'ab', receivedAt }) // { ok: true, reply: { messageId: '<a@b>', mode: 'parsed', … } }
 */
export function readInboundParse(p: PostedInboundParse): ReadInboundParse {
  const charsets = Object.fromEntries(Object.entries(parseCharsets(text(p, 'charsets', {}) ?? undefined)).map(([k, v]) => [k.toLowerCase(), v]));
  const field = (name: string) => text(p, name, charsets);
  const email = p.fields.get('email');
  const headersText = email ? decodeText(headerBlockBytes(email), 'utf-8') : field('headers');
  if (headersText === null) return { ok: false, reason: 'neither a headers field (parsed mode) nor an email field (raw mode)' };
  const headers = parseHeaderBlock(headersText);
  const fromHeader = (name: string) => {
    const v = headerOf(headers, name);
    return v === undefined ? null : decodeEncodedWords(v);
  };
  const info = parseAttachmentInfo(field('attachment-info') ?? undefined);
  return {
    ok: true,
    reply: {
      messageId: replyKey(messageIdOf(headers), p.bodySha256Hex),
      receivedAt: p.receivedAt,
      mode: email ? 'raw' : 'parsed',
      fromAddress: field('from') ?? fromHeader('from'),
      toAddress: field('to') ?? fromHeader('to'),
      subject: field('subject') ?? fromHeader('subject'),
      headers: headersText,
      textBody: email ? null : field('text'),
      htmlBody: email ? null : field('html'),
      spf: field('spf'),
      dkim: field('dkim'),
      rawSize: p.rawSize,
      rawMime: email ?? null,
      attachments: p.files.map((f) => ({
        filename: withoutNul(f.filename ?? info[f.field]?.filename ?? null),
        contentType: withoutNul(info[f.field]?.type ?? f.contentType),
        sizeBytes: f.size,
        content: f.content,
      })),
    },
  };
}

/** Postgres text cannot hold NUL; a name decoded from `filename*=utf-8''a%00b` could. */
const withoutNul = (v: string | null) => (v === null ? null : v.replace(/\u0000/g, ''));

/** A field as text in its declared charset (field names matched without case: SendGrid posts `SPF` and `dkim`). */
function text(p: PostedInboundParse, name: string, charsets: Record<string, string>): string | null {
  for (const [k, v] of p.fields) if (k.toLowerCase() === name) return decodeText(v, charsets[name]);
  return null;
}

/** The bytes of a MIME message up to its first empty line. */
function headerBlockBytes(mime: Uint8Array): Uint8Array {
  const buf = Buffer.from(mime.buffer, mime.byteOffset, mime.byteLength);
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const end = [crlf, lf].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  return end === undefined ? buf : buf.subarray(0, end);
}
