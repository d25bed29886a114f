import { addDaysToDate, type CalendarDate } from '../calendar-date.js';
import { isBusinessDay, onOrNextBusinessDay } from '../cadence/business-days.js';
import type { Instalment } from './plan-schedule.js';

/** An instalment and how much of it is paid. */
export interface InstalmentProgress extends Instalment {
  readonly paidMinor: bigint;
  /** What is still due on it. */
  readonly remainingMinor: bigint;
}

/**
 * Ticks instalments off in date order with what was paid towards the plan: each takes what it can, the rest rolls
 * to the next, so a payment larger than the next instalment settles the following ones.
 * @example instalmentProgress([{ '2026-04-01', 300n }, { '2026-05-01', 300n }], 450n)
 *   // paid 300n then 150n; remaining 0n then 150n
 */
export function instalmentProgress(instalments: readonly Instalment[], paidMinor: bigint): InstalmentProgress[] {
  let left = paidMinor > 0n ? paidMinor : 0n;
  return [...instalments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)).map((i) => {
    const paid = left < i.amountMinor ? left : i.amountMinor;
    left -= paid;
    return { ...i, paidMinor: paid, remainingMinor: i.amountMinor - paid };
  });
}

export type PlanState = 'active' | 'completed' | 'broken';

/**
 * The plan's state on `today`: completed when everything is paid; broken when an instalment is still not fully paid
 * `graceDays` after its date (so from date + grace + 1); active otherwise.
 * @example planState([{ dueDate: '2026-04-01', amountMinor: 300n }], 0n, '2026-04-07', 5) // 'broken'
 * @example planState([{ dueDate: '2026-04-01', amountMinor: 300n }], 0n, '2026-04-06', 5) // 'active'
 */
export function planState(instalments: readonly Instalment[], paidMinor: bigint, today: CalendarDate, graceDays: number): PlanState {
  const progress = instalmentProgress(instalments, paidMinor);
  if (progress.every((i) => i.remainingMinor === 0n)) return 'completed';
  return progress.some((i) => i.remainingMinor > 0n && today > addDaysToDate(i.dueDate, graceDays)) ? 'broken' : 'active';
}

export type InstalmentReminderKind = 'instalment_due' | 'instalment_missed';

export interface InstalmentReminder {
  readonly kind: InstalmentReminderKind;
  /** 1-based, in date order. */
  readonly instalmentNo: number;
  readonly instalment: InstalmentProgress;
}

export interface ReminderRules {
  /** The "due soon" reminder goes this many business days before the instalment's date (default 3). */
  readonly daysBefore: number;
  readonly holidays: ReadonlySet<CalendarDate>;
}

/**
 * The instalment reminders due on `today` for an active plan, each at most once (`sent` holds "kind:no" keys):
 * - instalment_due: from `daysBefore` business days before the date until the date, while it is not fully paid;
 * - instalment_missed: from the first business day after the date, while it is still not fully paid.
 * Only the earliest unpaid instalment is reminded: later ones wait their turn.
 * @example dueInstalmentReminders(plan, 0n, '2026-03-27', new Set(), { daysBefore: 3, holidays }) // [{ kind: 'instalment_due', instalmentNo: 1, … }] for a 2026-04-01 instalment
 */
export function dueInstalmentReminders(
  instalments: readonly Instalment[], paidMinor: bigint, today: CalendarDate, sent: ReadonlySet<string>, rules: ReminderRules,
): InstalmentReminder[] {
  const progress = instalmentProgress(instalments, paidMinor);
  const k = progress.findIndex((i) => i.remainingMinor > 0n);
  if (k < 0) return [];
  const i = progress[k]!;
  const no = k + 1;
  const out: InstalmentReminder[] = [];
  const beforeDay = subtractBusinessDays(i.dueDate, rules.daysBefore, rules.holidays);
  if (today >= beforeDay && today <= i.dueDate && !sent.has(`instalment_due:${no}`)) {
    out.push({ kind: 'instalment_due', instalmentNo: no, instalment: i });
  }
  const missedDay = onOrNextBusinessDay(addDaysToDate(i.dueDate, 1), rules.holidays);
  if (today >= missedDay && !sent.has(`instalment_missed:${no}`)) out.push({ kind: 'instalment_missed', instalmentNo: no, instalment: i });
  return out;
}

/**
 * The business day `n` business days before `date`.
 * @example subtractBusinessDays('2026-04-01', 3, new Set()) // "2026-03-27" (Wednesday → the Friday before)
 */
export function subtractBusinessDays(date: CalendarDate, n: number, holidays: ReadonlySet<CalendarDate>): CalendarDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDaysToDate(d, -1);
    if (isBusinessDay(d, holidays)) left--;
  }
  return d;
}
