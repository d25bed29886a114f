import { createHash, createVerify, type KeyObject } from 'node:crypto';
import type { Logger } from '../../src/log.js';
import { readInboundParse } from '../../src/domain/inbound-parse.js';
import {
  checkSendGridHeaders, parseSendGridPublicKey, sendGridSignatureHeader, sendGridTimestampHeader,
} from '../../src/domain/sendgrid-signature.js';
import type { InboundReplyStore } from '../../src/ports/inbound-replies.js';
import type { ReplyMatchingDeps } from '../../src/services/match-reply.js';
import { receiveReply } from '../../src/services/receive-reply.js';
import { readInboundForm } from './inbound-form.js';
import { bodyBudget, HttpError, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface SendGridInboundDeps {
  readonly store: InboundReplyStore;
  /** Matching each stored reply and pausing reminders (issue 17); absent, replies are only stored. */
  readonly matching?: ReplyMatchingDeps;
  /** SENDGRID_INBOUND_PUBLIC_KEY: the Parse security policy's public key (base64 DER). Unset: 503. */
  readonly publicKey: string | undefined;
  /** INBOUND_MAX_BYTES. */
  readonly maxBytes: number;
  /** INBOUND_MAX_ATTACHMENT_BYTES. */
  readonly maxAttachmentBytes: number;
  readonly now: () => Date;
  readonly log: Logger;
  /** Bytes all requests being read may hold together; default twice maxBytes. */
  readonly bodyBudgetBytes?: number;
  readonly toleranceSeconds?: number;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * POST /webhooks/sendgrid/inbound: customer replies from SendGrid Inbound Parse (parsed or raw mode). A Parse
 * security policy with signature verification signs like the Event Webhook: ECDSA P-256 / SHA-256 over the
 * timestamp header followed by the raw multipart body, in X-Twilio-Email-Event-Webhook-Signature and -Timestamp.
 * Each reply is stored once by Message-ID; 200 tells SendGrid to stop retrying, also for a repeat.
 */
export function sendgridInboundRoutes(deps: SendGridInboundDeps): Route[] {
  const key = deps.publicKey ? parseSendGridPublicKey(deps.publicKey) : undefined;
  if (key && !key.ok) deps.log.error(`SENDGRID_INBOUND_PUBLIC_KEY: ${key.reason}; the inbound webhook answers 503 until it is fixed`);
  const budget = bodyBudget(deps.bodyBudgetBytes ?? 2 * deps.maxBytes);
  const tolerance = deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {};
  const refuse = (reason: string) => {
    deps.log.warn({ reason }, 'refused a SendGrid Inbound Parse request');
    return new HttpError(401, 'invalid_signature', `the request is not signed by the Inbound Parse security policy's key (${reason})`);
  };

  return [{
    method: 'POST',
    path: '/webhooks/sendgrid/inbound',
    handler: async (req, res) => {
      if (!key) throw new HttpError(503, 'webhook_not_configured', 'SENDGRID_INBOUND_PUBLIC_KEY is not set: replies are not accepted until it is');
      if (!key.ok) throw new HttpError(503, 'webhook_misconfigured', `SENDGRID_INBOUND_PUBLIC_KEY is not usable (${key.reason})`);
      const signature = header(req.headers[sendGridSignatureHeader]);
      const timestamp = header(req.headers[sendGridTimestampHeader]);
      // Headers first: an unsigned or stale request is refused before a byte of its body is read.
      const checked = checkSendGridHeaders({ signature, timestamp, now: deps.now(), ...tolerance });
      if (!checked.ok || !signature || !timestamp) throw refuse(checked.ok ? 'missing_headers' : checked.reason);
      // Verified and hashed as the bytes stream in, so the body is never held twice.
      const verifier = createVerify('sha256').update(timestamp, 'utf8');
      const hash = createHash('sha256');
      const form = await readInboundForm(req, {
        maxBytes: deps.maxBytes, maxFileBytes: deps.maxAttachmentBytes, budget,
        onChunk: (chunk) => { verifier.update(chunk); hash.update(chunk); },
      });
      if (!verifies(verifier, key.key, signature)) throw refuse('bad_signature');
      if (!form.ok) throw new HttpError(400, 'malformed_multipart', `the body is not a readable multipart/form-data post (${form.reason})`);
      const read = readInboundParse({ fields: form.fields, files: form.files, rawSize: form.size, bodySha256Hex: hash.digest('hex'), receivedAt: deps.now() });
      if (!read.ok) throw new HttpError(400, 'not_inbound_parse', read.reason);
      const stored = await receiveReply(deps.store, read.reply, deps.matching);
      // Sizes and counts only: replies carry customers' addresses and words, which stay out of the logs.
      deps.log.info({ reply_id: stored.id, stored: stored.inserted, mode: read.reply.mode, bytes: form.size, attachments: read.reply.attachments.length }, 'received a customer reply');
      sendJson(res, 200, { reply_id: stored.id, stored: stored.inserted });
    },
  }];
}

function verifies(verifier: ReturnType<typeof createVerify>, publicKey: KeyObject, signature: string): boolean {
  try {
    // dsaEncoding 'der': SendGrid sends an ASN.1 DER ECDSA signature, not raw r‖s.
    return verifier.verify({ key: publicKey, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    // OpenSSL throws on DER it cannot parse rather than answering false.
    return false;
  }
}
