import { generateKeyPairSync, sign } from 'node:crypto';
import { z } from 'zod';
import { sendGridSignatureHeader, sendGridTimestampHeader } from '../../src/domain/sendgrid-signature.js';

/** Where "Reply as the customer" posts: the inbound webhook itself, over loopback, as SendGrid would. */
export const inboundWebhookPath = '/webhooks/sendgrid/inbound';

/** One Inbound Parse request, ready to sign (adapters/local/customer-reply-parse.ts builds it). */
export interface InboundParseRequest {
  readonly body: Buffer;
  readonly contentType: string;
}

/** What the webhook answered: its reply id when it took the reply, else its status and message. */
export type InboundAnswer =
  | { readonly ok: true; readonly replyId: string; readonly stored: boolean }
  | { readonly ok: false; readonly status: number; readonly message: string };

/**
 * The local workspace's way into the inbound webhook. `on` when it signs with its own key: an ECDSA P-256 pair made
 * at start and held in memory only, whose public half the webhook is configured with when SENDGRID_INBOUND_PUBLIC_KEY
 * is unset (src/main.ts). The webhook's check is the same as for SendGrid, not skipped: only this process holds the
 * private half, and a restart makes a new pair. `off` when SENDGRID_INBOUND_PUBLIC_KEY is set: the webhook then
 * takes SendGrid's signature alone, which the workspace cannot make.
 */
export type LocalInbound =
  | { readonly on: true; readonly publicKey: string; send(request: InboundParseRequest, at: Date): Promise<InboundAnswer> }
  | { readonly on: false; readonly off: string };

const accepted = z.object({ reply_id: z.union([z.string(), z.number()]), stored: z.boolean() });
const refused = z.object({ error: z.object({ message: z.string() }) });

/** The signing key and the loopback post; `origin` is the server's own address once it listens. */
export function createLocalInbound(keyConfigured: boolean, origin: () => string): LocalInbound {
  if (keyConfigured) {
    return { on: false, off: 'SENDGRID_INBOUND_PUBLIC_KEY is set, so the inbound webhook takes only requests SendGrid signed: reply from a real mailbox instead.' };
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    on: true,
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    async send(request, at) {
      // Signed as a Parse security policy signs: ECDSA / SHA-256 over the timestamp followed by the raw body.
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), request.body]), privateKey).toString('base64');
      const res = await fetch(`${origin()}${inboundWebhookPath}`, {
        method: 'POST', body: request.body,
        headers: { 'content-type': request.contentType, [sendGridSignatureHeader]: signature, [sendGridTimestampHeader]: timestamp },
      });
      const json: unknown = await res.json().catch(() => null);
      const ok = accepted.safeParse(json);
      if (res.status === 200 && ok.success) return { ok: true, replyId: String(ok.data.reply_id), stored: ok.data.stored };
      const why = refused.safeParse(json);
      return { ok: false, status: res.status, message: why.success ? why.data.error.message : 'no readable answer' };
    },
  };
}
