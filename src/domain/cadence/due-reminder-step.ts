import { TZDate } from '@date-fns/tz';
import { addDaysToDate, dateInZone, daysBetween, type CalendarDate } from '../calendar-date.js';
import { onOrNextBusinessDay } from './business-days.js';
import type { CadenceStep } from './policy.js';

export interface DueStepInput {
  readonly dueDate: CalendarDate;
  readonly steps: readonly CadenceStep[];
  /** Keys of steps already claimed for this invoice (sent, queued, failed or waiting: never again). */
  readonly claimedKeys: ReadonlySet<string>;
  readonly now: Date;
  /** The customer's IANA time zone: days, weekends and the send hour are theirs. */
  readonly zone: string;
  readonly sendHour: number;
  /** A step whose send day is more than this many days ago is skipped, not sent late. */
  readonly maxLateDays: number;
  readonly holidays: ReadonlySet<CalendarDate>;
}

export interface DueStep {
  readonly step: CadenceStep;
  /** The customer-local business day the step belongs to. */
  readonly sendDay: CalendarDate;
  /** That day at the send hour in the customer's zone. */
  readonly sendAt: Date;
}

/** The instant of `hour`:00 on a calendar date in a zone (DST-aware). */
export function localInstant(day: CalendarDate, hour: number, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, 0, zone).getTime());
}

/**
 * The one reminder step to send now for an invoice, or null.
 * A step's day is due date + offset, moved to the next business day in the customer's zone; it is due once
 * the send hour has passed there. After downtime only the latest due step goes out (never a burst), nothing
 * goes out once a later or equal step was claimed, and a step more than `maxLateDays` late is dropped.
 * @example dueReminderStep({ dueDate: '2026-03-02', steps: standard, now: new Date('2026-03-05T08:30:00Z'),
 *   zone: 'Europe/Paris', sendHour: 9, ... }) // { step: overdue (D+3), sendDay: '2026-03-05', … }
 */
export function dueReminderStep(input: DueStepInput): DueStep | null {
  const today = dateInZone(input.now, input.zone);
  let latest: DueStep | null = null;
  for (const step of input.steps) {
    const sendDay = onOrNextBusinessDay(addDaysToDate(input.dueDate, step.offsetDays), input.holidays);
    if (sendDay > today) continue;
    const sendAt = localInstant(sendDay, input.sendHour, input.zone);
    if (sendAt.getTime() > input.now.getTime()) continue;
    if (latest === null || step.offsetDays > latest.step.offsetDays) latest = { step, sendDay, sendAt };
  }
  if (latest === null) return null;
  const offset = latest.step.offsetDays;
  if (input.steps.some((s) => s.offsetDays >= offset && input.claimedKeys.has(s.key))) return null;
  if (daysBetween(latest.sendDay, today) > input.maxLateDays) return null;
  return latest;
}
