import { addDaysToDate, type CalendarDate } from '../calendar-date.js';
import { instalmentProgress, type InstalmentProgress } from './plan-progress.js';
import type { Instalment } from './plan-schedule.js';

/**
 * Where one instalment stands on a day: paid in full; missed (its date has passed and something is still owed on it,
 * whether or not the grace days have run out); due (today or later, not fully paid); proposed (the plan has not
 * started: a request, or one refused or withdrawn before it started, counts no payment).
 */
export type InstalmentStanding = 'paid' | 'due' | 'missed' | 'proposed';

export interface InstalmentState extends InstalmentProgress {
  readonly standing: InstalmentStanding;
}

/**
 * Each instalment in date order with what is paid on it and where it stands on `today`. Payments tick instalments off
 * in date order as the plan tick does (instalmentProgress); `started` false: nothing counts yet, every one is proposed.
 * @example instalmentStates([{ dueDate: '2026-03-01', amountMinor: 300n }, { dueDate: '2026-04-01', amountMinor: 300n }], 300n, '2026-04-05', true)
 *   // [{ …, standing: 'paid' }, { …, paidMinor: 0n, standing: 'missed' }]
 */
export function instalmentStates(instalments: readonly Instalment[], paidMinor: bigint, today: CalendarDate, started: boolean): InstalmentState[] {
  return instalmentProgress(instalments, started ? paidMinor : 0n).map((i) => ({
    ...i,
    standing: !started ? 'proposed' : i.remainingMinor === 0n ? 'paid' : i.dueDate < today ? 'missed' : 'due',
  }));
}

/**
 * The next instalment to pay: the first one due on `today` or later that is not fully paid; null when none is left
 * (all paid, or only missed ones remain).
 * @example nextInstalment(instalmentStates(plan, 300n, '2026-03-05', true)) // the 2026-04-01 one
 */
export function nextInstalment(states: readonly InstalmentState[]): InstalmentState | null {
  return states.find((s) => s.standing === 'due' || s.standing === 'proposed') ?? null;
}

/** What the plan still expects: the sum of what is owed on its instalments. */
export const plannedRemaining = (states: readonly InstalmentState[]): bigint => states.reduce((s, i) => s + i.remainingMinor, 0n);

/**
 * The instalments not fully paid whose date falls in `[from, to]` (inclusive), on a started plan.
 * @example unpaidBetween(states, '2026-03-10', '2026-03-17') // the instalments to collect that week
 */
export function unpaidBetween(states: readonly InstalmentState[], from: CalendarDate, to: CalendarDate): InstalmentState[] {
  return states.filter((s) => s.standing !== 'proposed' && s.remainingMinor > 0n && s.dueDate >= from && s.dueDate <= to);
}

/**
 * The window of instalments "due in the next `days` days" on `today`: today and the `days` days after.
 * @example dueWindow('2026-03-10', 7) // { from: '2026-03-10', to: '2026-03-17' }
 */
export const dueWindow = (today: CalendarDate, days: number) => ({ from: today, to: addDaysToDate(today, days) });
