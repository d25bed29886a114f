import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../calendar-date.js';
import type { CustomerDisputeReason } from '../customer-dispute.js';
import type { DisputeSignal } from './dispute-signals.js';
import type { ReplyUnderstanding } from './understand-reply.js';

/**
 * The dispute reason a person is offered for what a reply said. "Already paid" and "credit note" have no reason of
 * their own in the dispute form: they are "other", with the customer's words as the comment.
 * @example disputeReasonOf('not_received') // "not_received"
 * @example disputeReasonOf('already_paid') // "other"
 */
export function disputeReasonOf(signal: DisputeSignal): CustomerDisputeReason {
  switch (signal) {
    case 'not_received':
    case 'wrong_amount':
    case 'quality_issue':
      return signal;
    case 'already_paid':
    case 'credit_note':
    case 'other':
      return 'other';
  }
}

/** How a reply's understanding is kept (inbound_replies.understanding): JSON, amounts as decimal strings of minor units. */
export interface StoredUnderstanding {
  readonly promise: { readonly date: CalendarDate; readonly amount_minor: string | null; readonly currency: string | null } | null;
  readonly dispute: { readonly signal: DisputeSignal; readonly evidence: string } | null;
  readonly already_paid: { readonly date: CalendarDate | null; readonly reference: string | null } | null;
}

/**
 * @example storeUnderstanding({ promise: { date: '2026-03-15', amountMinor: 120050n, currency: 'EUR' }, dispute: null, alreadyPaid: null }).promise
 * // { date: '2026-03-15', amount_minor: '120050', currency: 'EUR' }
 */
export function storeUnderstanding(u: ReplyUnderstanding): StoredUnderstanding {
  return {
    promise: u.promise === null ? null : { date: u.promise.date, amount_minor: u.promise.amountMinor?.toString() ?? null, currency: u.promise.currency },
    dispute: u.dispute === null ? null : { signal: u.dispute.signal, evidence: u.dispute.evidence },
    already_paid: u.alreadyPaid === null ? null : { date: u.alreadyPaid.date, reference: u.alreadyPaid.reference },
  };
}

const date = z.string().refine(isCalendarDate);
const stored = z.object({
  promise: z.object({ date, amount_minor: z.string().regex(/^[0-9]{1,18}$/).nullable(), currency: z.string().regex(/^[A-Z]{3}$/).nullable() }).nullable(),
  dispute: z.object({
    signal: z.enum(['not_received', 'wrong_amount', 'already_paid', 'quality_issue', 'credit_note', 'other']),
    evidence: z.string().max(400),
  }).nullable(),
  already_paid: z.object({ date: date.nullable(), reference: z.string().max(80).nullable() }).nullable(),
});

/**
 * Reads a stored understanding back; nothing proposed when it is missing or not of this shape.
 * @example readUnderstanding(null) // { promise: null, dispute: null, alreadyPaid: null }
 */
export function readUnderstanding(json: unknown): ReplyUnderstanding {
  const p = stored.safeParse(json);
  if (!p.success) return { promise: null, dispute: null, alreadyPaid: null };
  const u = p.data;
  return {
    promise: u.promise === null ? null : { date: u.promise.date, amountMinor: u.promise.amount_minor === null ? null : BigInt(u.promise.amount_minor), currency: u.promise.currency },
    dispute: u.dispute,
    alreadyPaid: u.already_paid,
  };
}
