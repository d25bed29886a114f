import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { readInboundParse, type InboundReply } from '../../src/domain/inbound-parse.js';
import { isReportPart } from '../../src/domain/replies/delivery-status.js';

/**
 * Bounces written as the MTAs write them (test/fixtures/dsn/*.eml), stored as Inbound Parse would store them: raw
 * mode (the whole message), parsed mode with the report parts as attachments, and parsed mode with SendGrid folding
 * them into the text field.
 */

export const dsnFixtureNames = [
  'postfix-user-unknown', 'postfix-delayed', 'postfix-expired', 'exim-failed', 'office365-ndr', 'gmail-mailer-daemon',
  'exchange-text-only', 'exchange-french-text-only',
] as const;
export type DsnFixtureName = (typeof dsnFixtureNames)[number];
export type StoredMode = 'raw' | 'parsed attachments' | 'parsed inline';

export const dsnFixture = (name: DsnFixtureName): string =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'dsn', `${name}.eml`), 'latin1');

/** The raw-mode reply exactly as readInboundParse stores a posted `email` field. */
export function rawModeReply(mime: string, receivedAt: Date): InboundReply {
  const bytes = Buffer.from(mime, 'latin1');
  const read = readInboundParse({
    fields: new Map([['email', bytes]]), files: [], rawSize: bytes.length,
    bodySha256Hex: createHash('sha256').update(bytes).digest('hex'), receivedAt,
  });
  if (!read.ok) throw new Error(read.reason);
  return read.reply;
}

/** The reply as SendGrid's parsed mode would post it: text and html decoded, other parts as attachments or inlined. */
export async function parsedModeReply(mime: string, receivedAt: Date, inline: boolean): Promise<InboundReply> {
  const raw = rawModeReply(mime, receivedAt);
  const email = await PostalMime.parse(Buffer.from(mime, 'latin1'));
  const files = email.attachments.map((a) => ({
    contentType: a.mimeType,
    content: typeof a.content === 'string' ? Buffer.from(a.content) : new Uint8Array(a.content),
  }));
  const folded = files.filter(isReportPart).map((f) => Buffer.from(f.content).toString('utf8'));
  return {
    ...raw, mode: 'parsed', rawMime: null, htmlBody: email.html ?? null,
    textBody: inline ? [email.text ?? '', ...folded].join('\n') : email.text ?? null,
    attachments: inline
      ? []
      : files.map((f, i) => ({ filename: `attachment${i + 1}`, contentType: f.contentType, sizeBytes: f.content.length, content: f.content })),
  };
}

export const storedModes: readonly StoredMode[] = ['raw', 'parsed attachments', 'parsed inline'];

export const storedAs = (mode: StoredMode, mime: string, receivedAt: Date): Promise<InboundReply> =>
  mode === 'raw' ? Promise.resolve(rawModeReply(mime, receivedAt)) : parsedModeReply(mime, receivedAt, mode === 'parsed inline');
