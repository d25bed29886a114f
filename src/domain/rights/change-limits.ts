import { daysBetween, type CalendarDate } from '../calendar-date.js';
import { formatAmount } from '../money.js';

/**
 * How far collection may be stopped without a finance approver. This is the payment-term extension policy of
 * issue 19: who may push a payment date out (chatRights: log_promise, pause_reminders) and by how many days on their
 * own word; past it the change waits for a finance approver. The days come from the terms policy for the customer's
 * segment (terms-policy.ts limitsFor, `arbot policy terms`), PAUSE_MAX_DAYS and PROMISE_MAX_DAYS where it says none.
 */
export interface ChangeLimits {
  readonly pauseMaxDays: number;
  readonly promiseMaxDays: number;
  /** Whose limit it is when a customer segment set it ("top customers"), so the reason names it; unset otherwise. */
  readonly pauseMaxDaysFor?: string;
  readonly promiseMaxDaysFor?: string;
}

export const defaultChangeLimits: ChangeLimits = { pauseMaxDays: 30, promiseMaxDays: 60 };

/** A change that stops collection: a pause (until a date, or with no end) or a promise to pay on a date. */
export type CollectionStop =
  | { readonly kind: 'pause'; readonly until: CalendarDate | null }
  | { readonly kind: 'promise'; readonly date: CalendarDate };

/**
 * Why a change needs a finance approver, or null when anyone with the right may make it at once. A pause longer
 * than `pauseMaxDays` from today or with no end date, and a promise more than `promiseMaxDays` away, would stop
 * reminders for long on one person's word. A limit a segment set says whose it is, so the person reading the reason
 * sees why this customer's limit differs from the usual one.
 * @example needsFinanceApproval({ kind: 'pause', until: null }, '2026-03-20', defaultChangeLimits) // "a pause with no end date"
 * @example needsFinanceApproval({ kind: 'promise', date: '2026-04-01' }, '2026-03-20', defaultChangeLimits) // null
 * @example needsFinanceApproval({ kind: 'promise', date: '2026-04-09' }, '2026-03-20', { pauseMaxDays: 7, promiseMaxDays: 15, promiseMaxDaysFor: 'top customers' }) // "a promise 20 days away (more than 15 for top customers)"
 */
export function needsFinanceApproval(change: CollectionStop, today: CalendarDate, limits: ChangeLimits): string | null {
  if (change.kind === 'pause') {
    if (change.until === null) return 'a pause with no end date';
    const days = daysBetween(today, change.until);
    return days > limits.pauseMaxDays ? `a pause of ${days} days (more than ${limits.pauseMaxDays}${forWhom(limits.pauseMaxDaysFor)})` : null;
  }
  const days = daysBetween(today, change.date);
  return days > limits.promiseMaxDays ? `a promise ${days} days away (more than ${limits.promiseMaxDays}${forWhom(limits.promiseMaxDaysFor)})` : null;
}

const forWhom = (who: string | undefined): string => (who === undefined ? '' : ` for ${who}`);

/**
 * A change that stops collection, in words, for threads and cards.
 * @example describeChange({ kind: 'pause', until: null }, 'EUR') // "pause reminders with no end date"
 * @example describeChange({ kind: 'promise', date: '2099-12-31', amountMinor: 1n }, 'EUR') // "log a promise to pay of 0.01 EUR on 2099-12-31"
 */
export function describeChange(change: CollectionStop & { readonly amountMinor?: bigint | null }, currency: string): string {
  if (change.kind === 'pause') return `pause reminders ${change.until === null ? 'with no end date' : `until ${change.until}`}`;
  const amount = change.amountMinor == null ? '' : ` of ${formatAmount(change.amountMinor, currency)} ${currency}`;
  return `log a promise to pay${amount} on ${change.date}`;
}
