import type { InboundReply } from '../domain/inbound-parse.js';
import { bounceEventsOf, type ContactEmail } from '../domain/replies/bounce-events.js';
import { readDeliveryReport } from '../domain/replies/delivery-status.js';
import { readReplyKeys } from '../domain/reply-matching.js';
import type { BounceReplyStore } from '../ports/bounce-replies.js';
import type { EmailEventStore } from '../ports/email-events.js';
import { readReportMessage } from './read-report-message.js';
import { recordEmailEvents, type RecordedEmailEvents } from './record-email-events.js';

export interface BounceReplyDeps {
  readonly store: BounceReplyStore;
  /** The Event Webhook's store: a bounce that came back as mail has the same effects as one SendGrid reported. */
  readonly events: EmailEventStore;
}

export type RecordedBounceReply =
  /** Not a delivery status notification (readReplyKeys' machine), or one naming no failed recipient. */
  | { readonly outcome: 'not_a_bounce' }
  /** Every recipient is still being retried: nothing failed yet. */
  | { readonly outcome: 'delayed'; readonly delayed: number }
  /** Recipients failed, but on no email of ours the bounce could be tied to. */
  | { readonly outcome: 'unidentified'; readonly failed: number }
  | ({ readonly outcome: 'recorded'; readonly emailIds: readonly bigint[] } & RecordedEmailEvents);

/**
 * Records a stored delivery status notification as a bounce of the reminder email it returns: for each failed
 * address we wrote to, the same event, suppression and email_bounced alert as a SendGrid Event Webhook bounce, once
 * per reply and address (a redelivery records nothing). Never touches the ledger, the reply's match or its holds.
 * Safe to call for every reply: anything but a bounce is left alone.
 */
export async function recordBounceReply(deps: BounceReplyDeps, replyId: bigint, reply: InboundReply): Promise<RecordedBounceReply> {
  if (readReplyKeys(reply, undefined).machine !== 'delivery_status') return { outcome: 'not_a_bounce' };
  const report = readDeliveryReport(await readReportMessage(reply));
  if (report.failed.length === 0) {
    return report.delayed.length > 0 ? { outcome: 'delayed', delayed: report.delayed.length } : { outcome: 'not_a_bounce' };
  }
  const byMessageId = report.originalMessageId === null ? null : await deps.store.emailByMessageId(report.originalMessageId);
  const byContact = new Map<string, ContactEmail[]>();
  if (byMessageId === null) {
    for (const address of new Set(report.failed.flatMap((r) => r.addresses))) {
      byContact.set(address, await deps.store.contactEmails(address, reply.receivedAt));
    }
  }
  const events = bounceEventsOf(report, { byMessageId, byContact }, replyId, reply.receivedAt);
  if (events.length === 0) return { outcome: 'unidentified', failed: report.failed.length };
  const recorded = await recordEmailEvents(deps.events, events);
  return { outcome: 'recorded', emailIds: [...new Set(events.map((e) => e.emailId!))], ...recorded };
}
