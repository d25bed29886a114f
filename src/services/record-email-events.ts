import type { EmailEvent } from '../domain/sendgrid-events.js';
import { bounceAlertKey } from '../domain/sendgrid-events.js';
import type { EmailEventStore, NewSuppression } from '../ports/email-events.js';

export interface RecordedEmailEvents {
  readonly recorded: number;
  /** Already recorded by an earlier delivery of the same event. */
  readonly duplicates: number;
  readonly suppressed: number;
  readonly alerts: number;
}

/**
 * Records a batch of SendGrid events once each. Only events recorded now act: a hard bounce, drop or spam report
 * suppresses the address and raises one email_bounced alert, so a redelivered batch changes nothing.
 */
export async function recordEmailEvents(store: EmailEventStore, events: readonly EmailEvent[]): Promise<RecordedEmailEvents> {
  return store.unit(async (u) => {
    const inserted = await u.insertNew(events);
    const bySgId = new Map(events.map((e) => [e.sgEventId, e]));
    const acting = inserted.flatMap((i) => {
      const e = bySgId.get(i.sgEventId)!;
      return e.suppresses && e.recipient !== null ? [{ e, i, recipient: e.recipient }] : [];
    });
    const suppressions = new Map<string, NewSuppression>();
    for (const { e, recipient } of acting) {
      if (!suppressions.has(recipient)) suppressions.set(recipient, { email: recipient, event: e.event, reason: e.reason ?? e.event });
    }
    const suppressed = await u.suppress([...suppressions.values()]);
    let alerts = 0;
    for (const { e, i, recipient } of acting) {
      const raised = await u.raiseAlert({
        kind: 'email_bounced',
        dedupeKey: bounceAlertKey(e, i.emailId),
        customerId: i.customerId,
        emailId: i.emailId,
        details: { event: e.event, recipient, reason: e.reason, sg_event_id: e.sgEventId, occurred_at: e.occurredAt.toISOString() },
        raisedAt: e.occurredAt,
      });
      if (raised) alerts++;
    }
    return { recorded: inserted.length, duplicates: events.length - inserted.length, suppressed, alerts };
  });
}
