import { sign, type KeyObject } from 'node:crypto';

/**
 * Inbound Parse requests shaped as SendGrid posts them: multipart/form-data with its fixed boundary `xYzZY`, CRLF
 * line ends, text fields without a Content-Type of their own (their charsets are in the `charsets` field), files
 * `attachment1`… with a filename and a Content-Type, signed by a Parse security policy like the Event Webhook.
 */

export const inboundBoundary = 'xYzZY';
export const inboundContentType = `multipart/form-data; boundary=${inboundBoundary}`;

export interface InboundPart {
  readonly name: string;
  readonly value: Buffer | string;
  readonly filename?: string;
  readonly contentType?: string;
}

export function multipartBody(parts: readonly InboundPart[], boundary = inboundBoundary): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\n${disposition}${type}\r\n\r\n`, 'utf8'), Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export interface ParsedMail {
  readonly messageId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly subject?: Buffer | string;
  readonly text?: Buffer | string;
  readonly html?: Buffer | string;
  /** Per field, as SendGrid names them in `charsets`. */
  readonly charsets?: Record<string, string>;
  readonly attachments?: readonly { filename: string; type: string; content: Buffer }[];
}

/** The parts of a parsed-mode post, in the order SendGrid sends them (charsets and SPF last). */
export function parsedModeParts(m: ParsedMail): InboundPart[] {
  const from = m.from ?? 'Ana Lima <ana@northwind.example>';
  const to = m.to ?? 'r+abc@reply.ar.example.com';
  const headers = [
    'Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 27 Jul 2016 20:53:06 +0000 (UTC)',
    `From: ${from}`, `To: ${to}`, 'Date: Mon, 2 Mar 2026 09:55:00 +0100',
    ...(m.messageId ? [`Message-ID: ${m.messageId}`] : []),
    'Subject: (see the subject field)', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary=000', '',
  ].join('\r\n');
  const attachments = m.attachments ?? [];
  return [
    { name: 'headers', value: headers },
    { name: 'dkim', value: '{@northwind.example : pass}' },
    { name: 'to', value: to },
    ...(m.html !== undefined ? [{ name: 'html', value: m.html }] : []),
    { name: 'from', value: from },
    ...(m.text !== undefined ? [{ name: 'text', value: m.text }] : []),
    { name: 'sender_ip', value: '192.0.2.10' },
    { name: 'envelope', value: JSON.stringify({ to: [to], from: 'ana@northwind.example' }) },
    { name: 'attachments', value: String(attachments.length) },
    ...(m.subject !== undefined ? [{ name: 'subject', value: m.subject }] : []),
    ...(attachments.length > 0 ? [{
      name: 'attachment-info',
      value: JSON.stringify(Object.fromEntries(attachments.map((a, i) => [`attachment${i + 1}`, { filename: a.filename, name: a.filename, type: a.type }]))),
    }] : []),
    ...attachments.map((a, i) => ({ name: `attachment${i + 1}`, value: a.content, filename: a.filename, contentType: a.type })),
    { name: 'charsets', value: JSON.stringify(m.charsets ?? { to: 'UTF-8', html: 'UTF-8', subject: 'UTF-8', from: 'UTF-8', text: 'UTF-8' }) },
    { name: 'SPF', value: 'pass' },
  ];
}

/** The parts of a raw-mode post: the whole MIME message in `email`, beside the envelope fields. */
export function rawModeParts(mime: Buffer | string): InboundPart[] {
  return [
    { name: 'dkim', value: '{@northwind.example : pass}' },
    { name: 'email', value: mime },
    { name: 'sender_ip', value: '192.0.2.10' },
    { name: 'envelope', value: JSON.stringify({ to: ['r+abc@reply.ar.example.com'], from: 'ana@northwind.example' }) },
    { name: 'charsets', value: JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8' }) },
    { name: 'SPF', value: 'pass' },
  ];
}

/** The signature headers of a Parse security policy: ECDSA P-256 / SHA-256 over `timestamp + body`, base64 DER. */
export function signedInbound(body: Buffer, key: KeyObject, timestamp: string): Record<string, string> {
  const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), key).toString('base64');
  return { 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp };
}
