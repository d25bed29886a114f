import { isSuppressingEvent, type EmailEvent } from '../sendgrid-events.js';
import type { DeliveryReport } from './delivery-status.js';

/**
 * Turns a bounce that came back as mail into the events the SendGrid Event Webhook would have sent, so it takes the
 * webhook's one bounce path (event row, suppression, email_bounced alert) instead of a second copy of it.
 */

/** A reminder email a bounce may return, with every address it was sent to (To and Cc, lower case). */
export interface SentEmail {
  readonly emailId: bigint;
  readonly customerId: bigint;
  readonly recipients: readonly string[];
}

/** A customer whose billing contacts hold a failed address, with its latest email sent to it (null: none yet). */
export interface ContactEmail {
  readonly customerId: bigint;
  readonly email: SentEmail | null;
}

export interface BounceLookup {
  /** The email whose Message-ID the bounce returns; null when it returns none of ours. */
  readonly byMessageId: SentEmail | null;
  /** Per failed address (looked up only without `byMessageId`): the customers holding it as billing contact. */
  readonly byContact: ReadonlyMap<string, readonly ContactEmail[]>;
}

/**
 * The event id of one failed address of one stored bounce: a redelivered bounce (same reply) records nothing new,
 * and no SendGrid id (a 22-character base64 string) looks like it.
 * @example bounceReplyEventId(12n, 'ap@acme.example') // "dsn:12:ap@acme.example"
 */
export const bounceReplyEventId = (replyId: bigint, address: string): string => `dsn:${replyId}:${address}`;

/**
 * The bounce events of a report, one per failed address we wrote to. The returned Message-ID names the email, and
 * then only addresses it was sent to count (a forwarded address's final recipient is not ours to suppress); without
 * it, an address that is the billing contact of exactly one customer names that customer's latest email to it.
 * A 5.x.x failure suppresses like a hard bounce; a 4.x.x one (given up after retries) like SendGrid's "blocked".
 * @example bounceEventsOf(report, { byMessageId: { emailId: 7n, customerId: 3n, recipients: ['ap@acme.example'] }, byContact: new Map() }, 12n, at) // [{ sgEventId: 'dsn:12:ap@acme.example', event: 'bounce', emailId: 7n, suppresses: true, … }]
 */
export function bounceEventsOf(report: DeliveryReport, lookup: BounceLookup, replyId: bigint, receivedAt: Date): EmailEvent[] {
  const events = new Map<string, EmailEvent>();
  for (const r of report.failed) {
    const found = lookup.byMessageId !== null
      ? r.addresses.filter((a) => lookup.byMessageId!.recipients.includes(a)).map((a) => ({ address: a, email: lookup.byMessageId! }))
      : r.addresses.flatMap((a) => {
          const customers = lookup.byContact.get(a) ?? [];
          const only = customers.length === 1 ? customers[0]!.email : null;
          return only !== null && only.recipients.includes(a) ? [{ address: a, email: only }] : [];
        });
    const first = found[0];
    if (first === undefined || events.has(first.address)) continue;
    events.set(first.address, {
      sgEventId: bounceReplyEventId(replyId, first.address),
      event: 'bounce',
      recipient: first.address,
      occurredAt: receivedAt,
      reason: r.diagnostic ?? (r.status !== null ? `status ${r.status}` : 'returned as undeliverable'),
      emailId: first.email.emailId,
      providerMessageId: null,
      suppresses: isSuppressingEvent('bounce', r.permanent ? undefined : 'blocked'),
    });
  }
  return [...events.values()];
}
