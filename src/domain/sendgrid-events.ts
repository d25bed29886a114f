import { z } from 'zod';

/** The events the cadence tracks per reminder. Others (unsubscribe, group_unsubscribe, …) are stored, not acted on. */
export const trackedEmailEvents = ['processed', 'delivered', 'deferred', 'bounce', 'dropped', 'open', 'click', 'spamreport'] as const;

/**
 * The events that prove the customer's server took an email: an email whose send ended in doubt is sent after all
 * on the first of them. A bounce, drop or deferral proves nothing either way (it is left to a person).
 */
export const deliveryProvingEvents: readonly string[] = ['delivered', 'open', 'click'];

/**
 * One SendGrid event as it arrives. Custom args come back as top-level fields: we send `arbot_email_id`
 * (reminder_emails.id). Unknown fields are kept out of the way, not refused.
 */
/** Postgres text cannot hold NUL: an identifier carrying one is not SendGrid's, so the event is invalid. */
const noNul = (s: string) => !s.includes('\u0000');
const eventSchema = z.looseObject({
  email: z.string().max(320).refine(noNul).optional(),
  timestamp: z.number().nonnegative().max(1e11),
  event: z.string().min(1).max(64).refine(noNul),
  sg_event_id: z.string().min(1).max(255).refine(noNul),
  sg_message_id: z.string().max(1000).refine(noNul).optional(),
  reason: z.string().optional(),
  response: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
  arbot_email_id: z.unknown().optional(),
  /** The other emails arbot sends name their row the same way (payment-plans.ts, reply-answer-email.ts). */
  arbot_plan_email_id: z.unknown().optional(),
  arbot_answer_id: z.unknown().optional(),
  arbot_statement_customer_id: z.unknown().optional(),
  arbot_statement_as_of: z.unknown().optional(),
  /** Set on the emails of `arbot cadence test` (sent to a colleague, never to a customer). */
  arbot_test: z.unknown().optional(),
});

export interface EmailEvent {
  readonly sgEventId: string;
  readonly event: string;
  /** Lower-cased; null when the event names no recipient. */
  readonly recipient: string | null;
  readonly occurredAt: Date;
  /** Why it bounced, was dropped or deferred; "[blocked] …" for a bounce of type blocked. */
  readonly reason: string | null;
  /** Our reminder_emails.id from the custom arg, when it is one. Not yet checked to exist. */
  readonly emailId: bigint | null;
  /** The X-Message-Id part of sg_message_id (before the first dot): a second way to find our email. */
  readonly providerMessageId: string | null;
  /** Our plan_emails.id (custom arg arbot_plan_email_id), when it is one; unset for a reminder's event. */
  readonly planEmailId?: bigint | null;
  /** Our reply_answers.id (custom arg arbot_answer_id), when it is one; unset for a reminder's event. */
  readonly answerId?: bigint | null;
  /** The statement it is (statementCustomArgs: customer and as-of, statement_emails is written after the send). */
  readonly statement?: { readonly customerId: bigint; readonly asOf: Date } | null;
  /**
   * The address should receive no more reminders: a hard bounce, a drop, or a spam report. Never for an email of
   * `arbot cadence test`: it went to whoever ran the test, and their bounce says nothing about a customer's address.
   */
  readonly suppresses: boolean;
}

export type ParsedBatch =
  | { readonly ok: true; readonly events: readonly EmailEvent[]; readonly invalid: number; readonly repeated: number }
  | { readonly ok: false; readonly reason: string };

const maxReasonLength = 1000;
const maxId = (1n << 63n) - 1n;

function emailIdOf(value: unknown): bigint | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) return null;
  const id = BigInt(text);
  return id > 0n && id <= maxId ? id : null;
}

/** A statement's custom args read back (statementCustomArgs), or null. */
function statementOf(customerId: unknown, asOf: unknown): { customerId: bigint; asOf: Date } | null {
  const id = emailIdOf(customerId);
  if (id === null || typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(asOf)) return null;
  const at = new Date(asOf);
  return Number.isNaN(at.getTime()) ? null : { customerId: id, asOf: at };
}

/**
 * The custom args of a statement email: statement_emails is written after the send (its id unknown before), so the
 * customer and the statement's as-of instant name it, one row per customer and instant.
 * @example statementCustomArgs(4n, new Date('2026-08-03T12:00:00Z')) // { arbot_statement: '1', arbot_statement_customer_id: '4', arbot_statement_as_of: '2026-08-03T12:00:00.000Z' }
 */
export function statementCustomArgs(customerId: bigint, asOf: Date): Record<string, string> {
  return { arbot_statement: '1', arbot_statement_customer_id: customerId.toString(), arbot_statement_as_of: asOf.toISOString() };
}

/**
 * Whether an event means "stop writing to this address". A bounce of type "blocked" is the receiving server
 * refusing for now (reputation, content), not the address being wrong, so it does not suppress.
 * @example isSuppressingEvent('bounce', 'blocked') // false; isSuppressingEvent('dropped', undefined) // true
 */
export function isSuppressingEvent(event: string, type: string | undefined): boolean {
  return event === 'dropped' || event === 'spamreport' || (event === 'bounce' && type !== 'blocked');
}

/**
 * Reads a webhook body (already JSON-parsed). A malformed event is counted and skipped, never failing the batch
 * (SendGrid would retry the whole batch forever); an event id seen twice in one batch counts once.
 * @example parseSendGridEvents([{ email: 'A@x.example', timestamp: 1, event: 'open', sg_event_id: 'e1' }]) // { ok: true, events: [{ recipient: 'a@x.example', … }], invalid: 0, repeated: 0 }
 */
export function parseSendGridEvents(body: unknown): ParsedBatch {
  if (!Array.isArray(body)) return { ok: false, reason: 'expected a JSON array of events' };
  const seen = new Set<string>();
  const events: EmailEvent[] = [];
  let invalid = 0;
  let repeated = 0;
  for (const item of body) {
    const p = eventSchema.safeParse(item);
    if (!p.success) {
      invalid++;
      continue;
    }
    const e = p.data;
    if (seen.has(e.sg_event_id)) {
      repeated++;
      continue;
    }
    seen.add(e.sg_event_id);
    const why = e.reason ?? e.response ?? null;
    // Free text from the receiving server: a NUL in it is dropped rather than failing the whole batch.
    const reason = why === null ? null : `${e.event === 'bounce' && e.type === 'blocked' ? '[blocked] ' : ''}${why}`.replaceAll('\u0000', '').slice(0, maxReasonLength);
    const recipient = e.email?.trim().toLowerCase() || null;
    events.push({
      sgEventId: e.sg_event_id,
      event: e.event,
      recipient,
      occurredAt: new Date(Math.floor(e.timestamp) * 1000),
      reason,
      emailId: emailIdOf(e.arbot_email_id),
      planEmailId: emailIdOf(e.arbot_plan_email_id),
      answerId: emailIdOf(e.arbot_answer_id),
      statement: statementOf(e.arbot_statement_customer_id, e.arbot_statement_as_of),
      providerMessageId: e.sg_message_id?.split('.')[0] || null,
      suppresses: recipient !== null && e.arbot_test === undefined && isSuppressingEvent(e.event, e.type),
    });
  }
  return { ok: true, events, invalid, repeated };
}

/**
 * The dedupe key of the email_bounced alert: one per (our email, address), whichever of bounce, drop or spam report
 * comes first; for an email we cannot identify, one per event.
 * @example bounceAlertKey({ sgEventId: 'e1', recipient: 'ap@x.example' }, 7n) // "email_bounced:7:ap@x.example"
 */
export function bounceAlertKey(e: Pick<EmailEvent, 'sgEventId' | 'recipient'>, emailId: bigint | null): string {
  return emailId === null ? `email_bounced:${e.recipient}:${e.sgEventId}` : `email_bounced:${emailId}:${e.recipient}`;
}
