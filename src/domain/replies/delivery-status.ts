import { referencedMessageIds } from '../email-message-id.js';
import { decodeText, headerOf, messageIdOf, parseHeaderBlock } from '../inbound-email.js';
import type { InboundReply } from '../inbound-parse.js';
import { htmlToText } from './html-to-text.js';
import { boundedDiagnostic, enhancedStatusIn, maxRecipients, textBounceRecipients } from './text-bounce.js';

/**
 * Reading a bounce (RFC 3464 delivery status notification) that came back to our reply address: which recipients
 * failed, why, and which of our messages it returns. Pure: the service hands in the report's parts as text, whether
 * SendGrid posted them as fields and attachments (parsed mode) or the service parsed them out of the raw MIME.
 */

/** One part of the report (an attachment in parsed mode, a MIME part in raw mode), as text. */
export interface ReportPart {
  readonly contentType: string | null;
  readonly text: string;
}

/** A stored bounce as the reader needs it: the top header block, the bodies, and the non-body parts. */
export interface ReportMessage {
  readonly headers: string | null;
  readonly textBody: string | null;
  readonly htmlBody: string | null;
  readonly parts: readonly ReportPart[];
}

export interface FailedRecipient {
  /** Lower case, without `rfc822;`: the Original-Recipient (the address we wrote to) first, then Final-Recipient. */
  readonly addresses: readonly string[];
  /** The enhanced status code, e.g. "5.1.1"; null when the bounce gives none. */
  readonly status: string | null;
  /** A 5.x.x status: the address itself is refused. A 4.x.x failure (given up after retries) is not. */
  readonly permanent: boolean;
  /** The remote server's words on one line, at most `maxDiagnosticLength` characters. */
  readonly diagnostic: string | null;
}

export interface DeliveryReport {
  /** Recipients whose delivery failed for good (Action: failed). A delayed delivery is not a bounce. */
  readonly failed: readonly FailedRecipient[];
  /** Recipients the report says are still being retried. */
  readonly delayed: readonly string[];
  /** The Message-ID of the message that bounced, from its returned headers; null when none was returned. */
  readonly originalMessageId: string | null;
  /** `fields` when read from RFC 3464 per-recipient fields, `text` from a human-readable bounce, null: neither. */
  readonly readFrom: 'fields' | 'text' | null;
}

/** Longer parts are cut before reading: a report's fields and returned headers sit at its start. */
const maxPartLength = 200_000;
const reportTypes = ['message/delivery-status', 'message/global-delivery-status'];
const headerTypes = ['text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers', 'message/rfc822', 'message/global'];
const typeOf = (p: { readonly contentType: string | null }) => (p.contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** True for a part the reader looks into (a report or returned headers), so other attachments are never decoded. */
export const isReportPart = (p: { readonly contentType: string | null }): boolean =>
  reportTypes.includes(typeOf(p)) || headerTypes.includes(typeOf(p));

/**
 * The report as SendGrid posted it in parsed mode: the header block, the text and HTML fields, and the report and
 * returned-header attachments (those whose bytes were kept), decoded as UTF-8 (their 7-bit text reads the same).
 * Raw mode needs a MIME parser: the service reads it.
 * @example reportMessageOf(reply).parts // [{ contentType: 'message/delivery-status', text: 'Reporting-MTA: …' }]
 */
export function reportMessageOf(reply: InboundReply): ReportMessage {
  const parts = reply.attachments.flatMap((a) =>
    a.content !== null && isReportPart(a) ? [{ contentType: a.contentType, text: decodeText(a.content.subarray(0, maxPartLength), 'utf-8') }] : []);
  return { headers: reply.headers, textBody: reply.textBody, htmlBody: reply.htmlBody, parts };
}

/**
 * Reads a bounce: RFC 3464 per-recipient fields from the delivery-status part (or, when SendGrid inlined it, from
 * the text body); failing those, a human-readable bounce (X-Failed-Recipients, Exchange's "Delivery has failed to
 * these recipients or groups", Gmail's "wasn't delivered to", their French wordings). A report whose recipients are
 * all delayed is read as fields and never as text, so a delay notice is never taken for a bounce.
 * @example readDeliveryReport({ headers: null, textBody: null, htmlBody: null, parts: [{ contentType: 'message/delivery-status', text: 'Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; ap@acme.example\nAction: failed\nStatus: 5.1.1\n' }] }) // { failed: [{ addresses: ['ap@acme.example'], status: '5.1.1', permanent: true, diagnostic: null }], delayed: [], originalMessageId: null, readFrom: 'fields' }
 */
export function readDeliveryReport(m: ReportMessage): DeliveryReport {
  const body = [m.textBody ?? '', m.htmlBody ? htmlToText(m.htmlBody.slice(0, maxPartLength)) : ''].join('\n').slice(0, maxPartLength);
  const originalMessageId = originalMessageIdOf(m, body);
  const reports = m.parts.filter((p) => reportTypes.includes(typeOf(p))).map((p) => p.text);
  // SendGrid may fold the report parts into the text body, so the body is read for fields as well.
  const blocks = [...reports, m.textBody ?? ''].flatMap(recipientBlocks);
  if (blocks.length > 0) {
    const failed = dedupe(blocks.filter((b) => b.action === 'failed').map((b) => b.recipient)).slice(0, maxRecipients);
    const delayed = [...new Set(blocks.filter((b) => b.action === 'delayed').flatMap((b) => b.recipient.addresses))].slice(0, maxRecipients);
    return { failed, delayed, originalMessageId, readFrom: 'fields' };
  }
  const headers = parseHeaderBlock(m.headers ?? '');
  const failed = textBounceRecipients(body, headerOf(headers, 'x-failed-recipients'));
  return { failed, delayed: [], originalMessageId, readFrom: failed.length > 0 ? 'text' : null };
}

interface RecipientBlock {
  readonly action: 'failed' | 'delayed' | 'other';
  readonly recipient: FailedRecipient;
}

/** The per-recipient field groups of a report text: each paragraph with a Final-Recipient. */
function recipientBlocks(text: string): RecipientBlock[] {
  const out: RecipientBlock[] = [];
  for (const paragraph of text.slice(0, maxPartLength).split(/\r?\n[ \t]*\r?\n/)) {
    const fields = parseHeaderBlock(paragraph);
    const final = addressOfField(headerOf(fields, 'final-recipient'));
    if (final === null) continue;
    const original = addressOfField(headerOf(fields, 'original-recipient'));
    const diagnostic = boundedDiagnostic((headerOf(fields, 'diagnostic-code') ?? '').replace(/^[\w-]{1,20}\s*;\s*/, ''));
    const status = statusOf(headerOf(fields, 'status')) ?? (diagnostic === null ? null : enhancedStatusIn(diagnostic));
    const action = (headerOf(fields, 'action') ?? '').trim().toLowerCase();
    const recipient = {
      addresses: [...new Set([original, final].filter((a): a is string => a !== null))],
      status,
      permanent: status?.startsWith('5') ?? false,
      diagnostic,
    };
    // RFC 3464 requires Action; a report that leaves it out but gives a 5.x.x status reports a failure.
    const failed = action === 'failed' || (action === '' && recipient.permanent);
    out.push({ action: failed ? 'failed' : action === 'delayed' ? 'delayed' : 'other', recipient });
  }
  return out;
}

/** `rfc822; AP@Acme.example` (or `utf-8; …`, or a bare address) → "ap@acme.example"; null when no address. */
function addressOfField(value: string | undefined): string | null {
  if (value === undefined) return null;
  const bare = value.replace(/^[\w-]{1,20}\s*;/, '').trim().replace(/^<(.*)>$/, '$1').trim();
  return /^[^\s@<>;,]{1,200}@[^\s@<>;,]{1,255}$/.test(bare) ? bare.toLowerCase() : null;
}

const statusOf = (value: string | undefined): string | null => /^\s*([245]\.\d{1,3}\.\d{1,3})\b/.exec(value ?? '')?.[1] ?? null;

/** One entry per address: a report lists a recipient again when its MTA retried through another host. */
function dedupe(list: readonly FailedRecipient[]): FailedRecipient[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const fresh = r.addresses.some((a) => !seen.has(a));
    for (const a of r.addresses) seen.add(a);
    return fresh;
  });
}

/**
 * The returned message's Message-ID, most trusted first: the returned headers part (message/rfc822 or
 * text/rfc822-headers), then a `Message-ID:` line in the body (Exchange's "Original message headers", or a part
 * SendGrid inlined), then the bounce's own In-Reply-To / References (Gmail sets them to the returned message).
 */
function originalMessageIdOf(m: ReportMessage, body: string): string | null {
  for (const part of m.parts.filter((p) => headerTypes.includes(typeOf(p)))) {
    const id = messageIdOf(parseHeaderBlock(part.text.slice(0, maxPartLength)));
    if (id !== null) return id;
  }
  const inBody = /^[ \t>]*message-id:[ \t]*(<[^<>\s]{1,900}>)/im.exec(body);
  if (inBody) return inBody[1]!;
  const headers = parseHeaderBlock(m.headers ?? '');
  return referencedMessageIds(headerOf(headers, 'in-reply-to'), headerOf(headers, 'references'))[0] ?? null;
}
