import { addDaysToDate, type CalendarDate } from '../calendar-date.js';
import type { PlanFacts } from './plan-facts.js';
import { instalmentStates, plannedRemaining, unpaidBetween } from './plan-standing.js';

/** A count of instalments and what is owed on them, in one currency's minor units. */
export interface InstalmentSum {
  readonly count: number;
  readonly owedMinor: bigint;
}

/** The payment plans of one currency over the digest's week (weekAgo, asOf]. */
export interface PlanWeekFigures {
  readonly currency: string;
  /** Plans active at the end of asOf, and what they still expect. */
  readonly activePlans: number;
  readonly inActivePlansMinor: bigint;
  /** Instalments not fully paid falling in the coming week (asOf, asOf + 7], of plans active now. */
  readonly dueNextWeek: InstalmentSum;
  /** Instalments whose date passed unpaid during the week: due on weekAgo … asOf − 1, still owed (at the break for a plan broken since). */
  readonly missedLastWeek: InstalmentSum;
  /** Plans broken during the week. */
  readonly brokenLastWeek: number;
}

const sum = (xs: readonly { remainingMinor: bigint }[]): InstalmentSum => ({ count: xs.length, owedMinor: xs.reduce((s, x) => s + x.remainingMinor, 0n) });

/**
 * The digest's plan figures per currency (alphabetical), from the plans that were active at some point of the week
 * ending at `now` (asOf is the company's today at `now`, weekStart = now − 7 days). A plan is active at `now` when
 * it started and had not ended by then. Currencies with nothing to say are left out.
 * @example planWeekFigures([plan], '2026-03-10', weekStart, now) // [{ currency: 'EUR', activePlans: 1, … }]
 */
export function planWeekFigures(plans: readonly PlanFacts[], asOf: CalendarDate, weekStart: Date, now: Date): PlanWeekFigures[] {
  const weekAgo = addDaysToDate(asOf, -7);
  const by = new Map<string, PlanFacts[]>();
  for (const p of plans) if (p.started) by.set(p.currency, [...(by.get(p.currency) ?? []), p]);
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, ps]) => {
    const activeNow = ps.filter((p) => p.endedAt === null || p.endedAt > now);
    const states = (p: PlanFacts) => instalmentStates(p.instalments, p.paidMinor, p.onDate, true);
    return {
      currency,
      activePlans: activeNow.length,
      inActivePlansMinor: activeNow.reduce((s, p) => s + plannedRemaining(states(p)), 0n),
      dueNextWeek: sum(activeNow.flatMap((p) => unpaidBetween(states(p), addDaysToDate(asOf, 1), addDaysToDate(asOf, 7)))),
      // A plan cancelled or completed in the week missed nothing; a broken one shows what was owed at the break.
      missedLastWeek: sum(ps.filter((p) => p.status === 'active' || p.status === 'broken' || p.endedAt === null || p.endedAt > now)
        .flatMap((p) => unpaidBetween(states(p), weekAgo, addDaysToDate(asOf, -1)))),
      brokenLastWeek: ps.filter((p) => p.status === 'broken' && p.endedAt !== null && p.endedAt > weekStart && p.endedAt <= now).length,
    };
  }).filter((f) => f.activePlans > 0 || f.missedLastWeek.count > 0 || f.brokenLastWeek > 0);
}
