import { addDaysToDate, dateInZone, type CalendarDate } from './calendar-date.js';

/** The reason written on the holds a reply creates. */
export const replyHoldReason = 'customer replied';

/** Who created a reply's holds: also what makes them once per reply. */
export const replyHoldCreatedBy = (replyId: bigint): string => `reply:${replyId}`;

/**
 * The last day (inclusive, as reminder_holds.until_date reads) reminders stay paused after a reply: the reply's day
 * in the customer's time zone counts as the first of `pauseDays` (REPLY_PAUSE_DAYS), so the cadence resumes on the
 * reply's day + pauseDays.
 * @example replyPauseUntil(new Date('2026-03-12T23:30:00Z'), 'Europe/Paris', 5) // "2026-03-17" (Friday 13th in Paris, held to Tuesday)
 */
export function replyPauseUntil(receivedAt: Date, zone: string, pauseDays: number): CalendarDate {
  return addDaysToDate(dateInZone(receivedAt, zone), pauseDays - 1);
}
