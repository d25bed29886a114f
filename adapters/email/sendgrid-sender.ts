import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@sendgrid/client';
import type { ClientRequest } from '@sendgrid/client/src/request.js';
import { distinctRecipients } from '../../src/domain/email-recipients.js';
import { characterCount, sendGridLimits } from '../../src/domain/sendgrid-limits.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../../src/ports/email-sender.js';
import { classifySendGridError, messageIdOf } from './sendgrid-failure.js';

export interface SendGridSenderOptions {
  readonly apiKey: string;
  /** SENDGRID_API_URL: https://api.sendgrid.com, the EU endpoint, or a local server in tests. */
  readonly baseUrl: string;
  readonly retry: {
    /** Requests per send, first one included (1 = never retry inside send). */
    readonly maxAttempts: number;
    /** Most time one send may spend waiting between attempts; a longer Retry-After ends the attempts. */
    readonly maxWaitMs: number;
    /** First backoff when SendGrid gives no Retry-After, doubled at each attempt. Default 1000. */
    readonly baseDelayMs?: number;
  };
  /** Per-request timeout; a timeout is an "unknown" outcome. Default 30 s. */
  readonly timeoutMs?: number;
  /** Injected so tests need not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * An EmailSender over SendGrid's v3 mail/send API. 429 and 5xx are retried here with exponential backoff that
 * honours Retry-After, within maxAttempts and maxWaitMs; then the caller gets "retry" with a hint. Other 4xx are
 * "rejected". A network failure is "retry" only when no connection was ever made; otherwise "unknown", because
 * SendGrid may have accepted the email and a resend would reach the customer twice.
 */
export function createSendGridSender(options: SendGridSenderOptions): EmailSender {
  const { maxAttempts, maxWaitMs, baseDelayMs = 1000 } = options.retry;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('retry.maxAttempts: expected an integer ≥ 1');
  if (!(maxWaitMs >= 0)) throw new RangeError('retry.maxWaitMs: expected a number of milliseconds ≥ 0');
  const sleep = options.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const now = options.now ?? Date.now;

  // A client of our own rather than the module's shared singleton, so two senders (or tests) never share a key.
  // setApiKey resets the base URL to SendGrid's, so the base URL must be set after it.
  const client = new Client();
  client.setApiKey(options.apiKey);
  client.setDefaultRequest('baseUrl', options.baseUrl.replace(/\/+$/, '') + '/');
  // Axios options the client passes on but its types leave out. timeout: what MailService#setTimeout sets.
  // maxRedirects 0: SendGrid's mail/send never redirects, and following one would replay an email elsewhere (as
  // a GET without it, for a 301 or 302); it also spares the follow-redirects wrapper around every request.
  client.setDefaultRequest({ timeout: options.timeoutMs ?? 30_000, maxRedirects: 0 } as object as ClientRequest);

  async function send(email: OutgoingEmail): Promise<SendResult> {
    // The request MailService#send would make, without its deep copy of the message (JSON out and back in, the
    // largest single cost of a send): the same JSON body, path and headers, through the same client.
    const request: ClientRequest = { method: 'POST', url: '/v3/mail/send', body: toMailSendBody(email) };
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const [response] = await client.request(request);
        return { outcome: 'sent', provider: 'sendgrid', messageId: messageIdOf(response.headers) };
      } catch (err) {
        const failure = classifySendGridError(err, now());
        switch (failure.kind) {
          case 'rejected':
            return { outcome: 'rejected', status: failure.status, reason: failure.reason };
          case 'unreached':
            return { outcome: 'retry', reason: failure.reason, retryAfterMs: null };
          case 'unknown':
            return { outcome: 'unknown', reason: failure.reason };
          case 'transient': {
            const wait = failure.retryAfterMs ?? baseDelayMs * 2 ** (attempt - 1);
            if (attempt >= maxAttempts || waited + wait > maxWaitMs) {
              const tries = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
              return { outcome: 'retry', reason: `${failure.reason} (gave up after ${tries})`, retryAfterMs: wait };
            }
            await sleep(wait);
            waited += wait;
          }
        }
      }
    }
  }

  return { name: 'sendgrid', send };
}

/** The v3 mail/send JSON body, in SendGrid's snake_case. */
export interface MailSendBody {
  readonly from: { readonly email: string; readonly name?: string };
  readonly subject: string;
  readonly personalizations: readonly { readonly to: readonly { email: string }[]; readonly cc?: readonly { email: string }[] }[];
  readonly categories?: readonly string[];
  readonly content: readonly { readonly type: string; readonly value: string }[];
  readonly custom_args?: Readonly<Record<string, string>>;
  readonly reply_to?: { readonly email: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The v3 mail/send request for one email: one personalization (to, and cc when any), both content types, reply_to,
 * custom_args, categories, and our threading headers (threadingHeaders). SendGrid refuses a personalization naming
 * an address twice (to and cc), so repeats are dropped, the first occurrence kept. It is the body MailService#send
 * of @sendgrid/mail would post (its Mail#toJSON leaves out an empty from name, no categories and no custom args, and
 * drops empty category names), built directly; a test compares the two on every field arbot sets.
 * @example toMailSendBody(email).custom_args // { arbot_email_id: '42', arbot_step: 'overdue', arbot_policy: 'standard' }
 */
export function toMailSendBody(email: OutgoingEmail): MailSendBody {
  const { to, cc } = recipients(email);
  const headers = threadingHeaders(email);
  return {
    from: email.from.name !== '' ? { email: email.from.email, name: email.from.name } : { email: email.from.email },
    subject: email.subject,
    personalizations: [cc.length > 0 ? { to, cc } : { to }],
    ...(email.categories.length > 0 ? { categories: postableCategories(email.categories) } : {}),
    content: [
      { type: 'text/plain', value: email.text },
      { type: 'text/html', value: email.html },
    ],
    ...(Object.keys(email.customArgs).length > 0 ? { custom_args: { ...email.customArgs } } : {}),
    ...(email.replyTo ? { reply_to: { email: email.replyTo } } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

/**
 * The headers arbot sets itself: our Message-ID (SendGrid keeps one given here, so a reply's In-Reply-To finds the id
 * recorded on the email), and for an answer In-Reply-To and References, so the customer's client threads it under
 * their reply. None of them is among the headers SendGrid reserves (From, To, Subject, Reply-To, Content-Type…).
 * @example threadingHeaders({ messageId: '<a@us>', inReplyTo: '<r@c>', references: ['<r@c>'] }) // { 'Message-ID': '<a@us>', 'In-Reply-To': '<r@c>', References: '<r@c>' }
 */
export function threadingHeaders(email: Pick<OutgoingEmail, 'messageId' | 'inReplyTo' | 'references'>): Record<string, string> {
  return {
    ...(email.messageId ? { 'Message-ID': email.messageId } : {}),
    ...(email.inReplyTo ? { 'In-Reply-To': email.inReplyTo } : {}),
    ...(email.references && email.references.length > 0 ? { References: email.references.join(' ') } : {}),
  };
}

/** To and cc, trimmed, each address once (case-insensitively), to before cc. */
export function recipients(email: OutgoingEmail): { to: { email: string }[]; cc: { email: string }[] } {
  const { to, cc } = distinctRecipients(email.to, email.cc);
  return { to: to.map((a) => ({ email: a })), cc: cc.map((a) => ({ email: a })) };
}

/**
 * The categories SendGrid accepts: non-empty, at most 255 characters, each once, at most 10. A policy is checked
 * at load so this drops nothing in practice; it keeps the sender from ever posting a request SendGrid refuses whole.
 */
export function postableCategories(categories: readonly string[]): string[] {
  const ok = categories.filter((c, i) => c !== '' && characterCount(c) <= sendGridLimits.categoryLength && categories.indexOf(c) === i);
  return ok.slice(0, sendGridLimits.categories);
}
