import { disputeSlaHours } from '../disputes/dispute-sla.js';

/** A dispute's open and close instants. */
export interface DisputeSpan {
  readonly openedAt: Date;
  readonly closedAt: Date | null;
}

/**
 * True when the dispute reached `disputeSlaHours` unresolved during [from, until): its deadline (opened +
 * 48 h) falls in the period and it was not closed before that deadline. Each breach counts once, in the period of
 * its deadline. Computed in SQL for the team report by teamDisputes (adapters/postgres/report-team.ts);
 * test/integration/report-data.test.ts holds the two equal on its ledger.
 * @example slaBreachedWithin({ openedAt: new Date('2026-03-30T10:00Z'), closedAt: null }, new Date('2026-04-01T00:00Z'), new Date('2026-05-01T00:00Z')) // true (deadline Apr 1, 10:00)
 */
export function slaBreachedWithin(d: DisputeSpan, from: Date, until: Date): boolean {
  const deadline = d.openedAt.getTime() + disputeSlaHours * 3600_000;
  return deadline >= from.getTime() && deadline < until.getTime() && (d.closedAt === null || d.closedAt.getTime() >= deadline);
}
