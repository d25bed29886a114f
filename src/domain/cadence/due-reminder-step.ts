import { addDaysToDate, dateInZone, daysBetween, type CalendarDate } from '../calendar-date.js';
import { addBusinessDays, isBusinessDay, onOrNextBusinessDay } from './business-days.js';
import type { CadenceStep, ReminderTemplate } from './policy.js';
import { lastClaimedOffset } from './steps-ahead.js';

export interface DueStepInput {
  readonly dueDate: CalendarDate;
  readonly steps: readonly CadenceStep[];
  /** Keys of steps already claimed for this invoice (sent, queued, failed or waiting: never again). */
  readonly claimedKeys: ReadonlySet<string>;
  /** Keys of steps whose email actually went out to the customer (status sent): what they have been told. */
  readonly sentKeys?: ReadonlySet<string>;
  /** The latest email to this customer, any invoice (sent, or on its way); null if none. */
  readonly lastEmailAt?: Date | null;
  readonly now: Date;
  /** The customer's IANA time zone: days, weekends and the send hours are theirs. */
  readonly zone: string;
  /** Emails go out from this hour… */
  readonly sendHour: number;
  /** …until this hour (exclusive), catch-ups included. Default 17. */
  readonly sendUntil?: number;
  /** A later step of an invoice waits this many business days after the previous email to the customer. */
  readonly minGapDays?: number;
  /** A step before the due date whose send day is more than this many days ago is skipped, not sent late. */
  readonly maxLateDays: number;
  readonly holidays: ReadonlySet<CalendarDate>;
}

export interface DueStep {
  readonly step: CadenceStep;
  /** The customer-local business day the step belongs to. */
  readonly sendDay: CalendarDate;
  /** When it goes out: the send hour of the send day, or of today for a catch-up, in the customer's zone. */
  readonly sendAt: Date;
  /**
   * The email to write: the step's own, except that an escalation or final notice becomes a plain overdue reminder
   * while no earlier overdue reminder for the invoice actually went out (it would claim contact that never happened).
   */
  readonly template: ReminderTemplate;
  /** Copy the escalation contact: only when the step says so and an earlier overdue reminder actually went out. */
  readonly ccEscalation: boolean;
  /** Nothing was ever sent to the customer about this invoice. */
  readonly firstContact: boolean;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function zoneOffsetMs(zone: string, at: number): number {
  let fmt = offsetFormats.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormats.set(zone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant of `hour`:00 on a calendar date in a zone, DST-aware. (Intl with a cached formatter: the cadence
 * asks this for every candidate invoice, and building zone-aware date objects each time was 10× slower.)
 * @example localInstant('2026-03-09', 9, 'America/New_York') // 2026-03-09T13:00:00.000Z (EDT)
 */
export function localInstant(day: CalendarDate, hour: number, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  // Guess with the offset at the wall time read as UTC, then correct once for a DST change in between.
  let at = wall - zoneOffsetMs(zone, wall);
  at = wall - zoneOffsetMs(zone, at);
  return new Date(at);
}

/**
 * The one reminder step to send now for an invoice, or null. The cadence follows what the customer was told, not
 * only the calendar:
 * - A step's day is due date + offset, moved to the next business day in the customer's zone; emails go out on
 *   their business days between `sendHour` and `sendUntil` only, catch-ups included.
 * - Steps go out in order, one at a time: the next step is the first one after the last claimed step whose day
 *   has come. So an invoice imported 40 days late, or back from a pause, a promise or a dispute, starts with the
 *   first overdue reminder, never with an escalation or a final notice; before the due date, only the latest
 *   pre-due step goes out (a step before the due date more than `maxLateDays` late is dropped).
 * - A later step of an invoice waits `minGapDays` business days after the previous email to the customer.
 * - An escalation or final notice with no earlier overdue reminder actually sent is written as an overdue reminder
 *   without cc: templates state only facts arbot holds.
 * @example dueReminderStep({ dueDate: '2026-03-02', steps: standard, now: new Date('2026-03-05T08:30:00Z'),
 *   zone: 'Europe/Paris', sendHour: 9, ... }) // { step: overdue (D+3), sendDay: '2026-03-05', … }
 */
export function dueReminderStep(input: DueStepInput): DueStep | null {
  const today = dateInZone(input.now, input.zone);
  // Customers hear from us on their business days and hours only, catch-ups included.
  if (!isBusinessDay(today, input.holidays)) return null;
  const opens = localInstant(today, input.sendHour, input.zone).getTime();
  const closes = localInstant(today, input.sendUntil ?? 17, input.zone).getTime();
  if (input.now.getTime() < opens || input.now.getTime() >= closes) return null;

  const arrived = input.steps
    .map((step) => ({ step, sendDay: onOrNextBusinessDay(addDaysToDate(input.dueDate, step.offsetDays), input.holidays) }))
    .filter((s) => s.sendDay <= today)
    .sort((a, b) => a.step.offsetDays - b.step.offsetDays);
  const lastClaimed = lastClaimedOffset(input.steps, input.claimedKeys);
  const open = arrived.filter((s) => s.step.offsetDays > lastClaimed);
  if (open.length === 0) return null;
  const latest = open[open.length - 1]!;
  // Before the due date: the latest pre-due step (a courtesy note), dropped once stale. After it: the first
  // overdue step not yet claimed, so the customer is never escalated before being reminded.
  const next = latest.step.offsetDays <= 0 ? latest : open.find((s) => s.step.offsetDays > 0)!;
  if (next.step.offsetDays <= 0 && daysBetween(next.sendDay, today) > input.maxLateDays) return null;

  if (lastClaimed !== -Infinity && input.lastEmailAt) {
    const ready = addBusinessDays(dateInZone(input.lastEmailAt, input.zone), input.minGapDays ?? 5, input.holidays);
    if (today < ready) return null;
  }
  const sent = input.sentKeys ?? new Set<string>();
  const remindedOverdue = input.steps.some((s) => s.offsetDays > 0 && s.offsetDays < next.step.offsetDays && sent.has(s.key));
  const insists = next.step.template === 'escalation' || next.step.template === 'final_notice';
  return {
    step: next.step,
    sendDay: next.sendDay,
    sendAt: localInstant(next.sendDay < today ? today : next.sendDay, input.sendHour, input.zone),
    template: insists && !remindedOverdue ? 'overdue' : next.step.template,
    ccEscalation: next.step.ccEscalation && remindedOverdue,
    firstContact: sent.size === 0,
  };
}
