import { localInstant } from '../domain/cadence/due-reminder-step.js';
import { isCalendarDate } from '../domain/calendar-date.js';
import { UsageError } from './usage.js';

/**
 * Reads --as-of: an instant with a zone ("2026-03-10T09:00Z", "…+01:00"), a local time in the company zone
 * ("2026-03-10T09:00"), or a date alone, meaning the end of that day in the company zone.
 */
export function parseAsOf(text: string | undefined, zone: string, now: () => Date): Date {
  if (text === undefined) return now();
  if (isCalendarDate(text)) return new Date(localInstant(text, 23, zone).getTime() + 59 * 60_000 + 59_000);
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (local && isCalendarDate(local[1]!)) return new Date(localInstant(local[1]!, Number(local[2]), zone).getTime() + Number(local[3]) * 60_000);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--as-of ${text}: expected an ISO 8601 date or time, e.g. 2026-03-10, 2026-03-10T09:00 or 2026-03-10T09:00Z`);
}
