import type { Logger } from '../../src/log.js';
import { parseSendGridEvents } from '../../src/domain/sendgrid-events.js';
import {
  checkSendGridHeaders,
  parseSendGridPublicKey,
  sendGridSignatureHeader,
  sendGridTimestampHeader,
  verifySendGridSignature,
} from '../../src/domain/sendgrid-signature.js';
import type { EmailEventStore } from '../../src/ports/email-events.js';
import { recordEmailEvents } from '../../src/services/record-email-events.js';
import { bodyBudget, HttpError, readBody, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface SendGridWebhookDeps {
  readonly store: EmailEventStore;
  /** SENDGRID_WEBHOOK_PUBLIC_KEY as SendGrid shows it (base64 DER). Unset: the webhook answers 503. */
  readonly publicKey: string | undefined;
  readonly now: () => Date;
  readonly log: Logger;
  /** Default sendGridMaxBodyBytes. */
  readonly maxBodyBytes?: number;
  /** Default sendGridBodyBudgetBytes. */
  readonly bodyBudgetBytes?: number;
  readonly toleranceSeconds?: number;
}

/**
 * SendGrid posts a batch every 30 seconds or once it reaches about 768 KB (its Event Webhook documentation); 4 MiB
 * leaves five times that and still refuses a body that cannot be SendGrid's before much of it is held.
 */
export const sendGridMaxBodyBytes = 4 * 1024 * 1024;
/**
 * The signature covers the whole body, so a body that passed the header checks is held until it is verified: all such
 * bodies together stay under this budget (a flood of forged ones gets 503, which SendGrid retries for a day).
 */
export const sendGridBodyBudgetBytes = 8 * 1024 * 1024;

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * POST /webhooks/sendgrid: SendGrid's signed event webhook. Verifies the signature over the raw bytes, records
 * each event once and answers 200 as soon as the batch is in the database (SendGrid retries anything else).
 */
export function sendgridWebhookRoutes(deps: SendGridWebhookDeps): Route[] {
  const key = deps.publicKey ? parseSendGridPublicKey(deps.publicKey) : undefined;
  if (key && !key.ok) deps.log.error(`SENDGRID_WEBHOOK_PUBLIC_KEY: ${key.reason}; the SendGrid webhook answers 503 until it is fixed`);
  const maxBodyBytes = deps.maxBodyBytes ?? sendGridMaxBodyBytes;
  const budget = bodyBudget(deps.bodyBudgetBytes ?? sendGridBodyBudgetBytes);
  const tolerance = deps.toleranceSeconds !== undefined ? { toleranceSeconds: deps.toleranceSeconds } : {};
  const refuse = (reason: string) => {
    deps.log.warn({ reason }, 'refused a SendGrid webhook request');
    return new HttpError(401, 'invalid_signature', `the request is not signed by SendGrid's event webhook key (${reason})`);
  };

  return [{
    method: 'POST',
    path: '/webhooks/sendgrid',
    handler: async (req, res) => {
      if (!key) throw new HttpError(503, 'webhook_not_configured', 'SENDGRID_WEBHOOK_PUBLIC_KEY is not set: SendGrid events are not accepted until it is');
      if (!key.ok) throw new HttpError(503, 'webhook_misconfigured', `SENDGRID_WEBHOOK_PUBLIC_KEY is not usable (${key.reason}): SendGrid events are not accepted until it is fixed`);
      const signature = header(req.headers[sendGridSignatureHeader]);
      const timestamp = header(req.headers[sendGridTimestampHeader]);
      // Headers first: an unsigned or stale request is refused before a byte of its body is read.
      const headers = checkSendGridHeaders({ signature, timestamp, now: deps.now(), ...tolerance });
      if (!headers.ok) throw refuse(headers.reason);
      const rawBody = await readBody(req, maxBodyBytes, budget);
      const check = verifySendGridSignature({ publicKey: key.key, signature, timestamp, rawBody, now: deps.now(), ...tolerance });
      if (!check.ok) throw refuse(check.reason);
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
      }
      const batch = parseSendGridEvents(body);
      if (!batch.ok) throw new HttpError(400, 'expected_array', batch.reason);
      const r = await recordEmailEvents(deps.store, batch.events);
      const summary = { received: batch.events.length + batch.invalid + batch.repeated, ...r, invalid: batch.invalid };
      // Counts only: events carry customers' addresses, which stay out of the logs.
      deps.log.info(summary, 'recorded SendGrid events');
      sendJson(res, 200, summary);
    },
  }];
}
