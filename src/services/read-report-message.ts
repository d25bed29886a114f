import PostalMime from 'postal-mime';
import { decodeText } from '../domain/inbound-email.js';
import type { InboundReply } from '../domain/inbound-parse.js';
import { isReportPart, reportMessageOf, type ReportMessage } from '../domain/replies/delivery-status.js';

/**
 * A stored bounce's parts as text, in either Inbound Parse mode: parsed mode as SendGrid split it (fields and
 * attachments), raw mode parsed out of the whole MIME message. postal-mime keeps a report's delivery-status,
 * returned message and returned headers as attachments, never folded into the text body.
 */
export async function readReportMessage(reply: InboundReply): Promise<ReportMessage> {
  if (reply.mode !== 'raw' || reply.rawMime === null) return reportMessageOf(reply);
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(reply.rawMime);
  } catch {
    // Only its limits make postal-mime throw (nesting, header size): such a message is read from its header block
    // alone (X-Failed-Recipients), as a value, since throwing would make SendGrid redeliver it forever.
    return { headers: reply.headers, textBody: null, htmlBody: null, parts: [] };
  }
  const parts = email.attachments.flatMap((a) => {
    if (!isReportPart({ contentType: a.mimeType })) return [];
    const bytes = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
    return [{ contentType: a.mimeType, text: decodeText(bytes, 'utf-8') }];
  });
  return { headers: reply.headers, textBody: email.text ?? null, htmlBody: email.html ?? null, parts };
}
