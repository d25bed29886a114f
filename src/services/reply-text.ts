import PostalMime from 'postal-mime';
import { htmlToText } from '../domain/replies/html-to-text.js';

/** What a stored reply holds of its body: the parsed mode's fields, or the raw mode's whole MIME message. */
export interface ReplyBody {
  readonly textBody: string | null;
  readonly htmlBody: string | null;
  readonly rawMime: Uint8Array | null;
}

/**
 * A reply's text as a person reads it, before stripping quoted history: its text part, else its HTML part as text.
 * A raw-mode reply's MIME message is parsed here (postal-mime: charsets, transfer encodings, nested parts); a message
 * it cannot parse reads as empty rather than failing the reply.
 */
export async function replyPlainText(body: ReplyBody): Promise<string> {
  let text = body.textBody;
  let html = body.htmlBody;
  if (text === null && html === null && body.rawMime !== null) {
    try {
      const parsed = await PostalMime.parse(body.rawMime);
      text = parsed.text ?? null;
      html = parsed.html ?? null;
    } catch {
      return '';
    }
  }
  if (text !== null && text.trim() !== '') return text;
  return html === null ? '' : htmlToText(html);
}
