import { escapeHtml } from '../html-escape.js';

/** What an answer to a customer's reply says: the person's words as typed, and who signs them. */
export interface AnswerWords {
  readonly body: string;
  readonly authorName: string;
  readonly companyName: string;
}

/**
 * The text and HTML of an answer written in chat: the words as typed (line breaks kept, edges trimmed), then a
 * signature after the usual "-- " line (mail clients fold it away when quoting) with the person and the company.
 * The HTML says the same, escaped, in one narrow column with phone-sized type, like the reminder templates.
 * Pure: no I/O, no clock.
 * @example buildAnswerEmail({ body: 'Thanks, noted.', authorName: 'Ana Martin', companyName: 'Acme AR' }).text // "Thanks, noted.\n\n-- \nAna Martin, Acme AR"
 */
export function buildAnswerEmail(w: AnswerWords): { text: string; html: string } {
  const body = w.body.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd();
  const signature = [w.authorName.trim(), w.companyName.trim()].filter((s) => s !== '').join(', ');
  const text = signature === '' ? body : `${body}\n\n-- \n${signature}`;
  const paragraphs = body.split(/\n[ \t]*\n+/).map((p) =>
    `<p style="margin:0 0 16px;">${p.split('\n').map(escapeHtml).join('<br>')}</p>`);
  const html = [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '</head>',
    '<body style="margin:0;padding:0;background-color:#ffffff;">',
    '<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;overflow-wrap:break-word;word-wrap:break-word;">',
    ...paragraphs,
    ...(signature === '' ? [] : [`<p style="margin:24px 0 0;color:#555555;">-- <br>${escapeHtml(signature)}</p>`]),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { text, html };
}
