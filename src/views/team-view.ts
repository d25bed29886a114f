import type { CalendarDate } from '../domain/calendar-date.js';
import type { CalendarMonth } from '../domain/reports/report-month.js';
import type { TeamFigures, TeamReport } from '../domain/reports/team-report.js';
import { moneyFor } from './money-change.js';

/** One owner's or one team's figures, amounts formatted per currency. */
export interface TeamLineFigures {
  /** Overdue on the customers they own, one entry per currency: "€850.00" in 2 invoices. */
  readonly overdue: readonly { readonly amount: string; readonly invoices: number }[];
  readonly disputesClaimed: number;
  readonly disputesResolved: number;
  readonly medianResolutionHours: number | null;
  readonly slaBreaches: number;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  /** kept ÷ (kept + broken); null when none was resolved. */
  readonly promisesKeptShare: number | null;
  readonly approvalsPending: number;
  readonly oldestApprovalHours: number | null;
}

export interface TeamOwnerLine extends TeamLineFigures {
  /** Data, escaped by the renderers. */
  readonly name: string;
  readonly email: string;
  readonly team: string;
}

export interface TeamTotalLine extends TeamLineFigures {
  readonly team: string;
}

/** What `/team [owner]` and `@arbot team [owner]` show. */
export interface TeamView {
  readonly asOf: CalendarDate;
  /** The month of the dispute work and promises (the last complete one). */
  readonly month: CalendarMonth;
  readonly slaHours: number;
  /** The owner asked for, as typed (data); null for the whole team. */
  readonly query: string | null;
  /** 'own': the person sees their own line only (src/domain/rights/report-rights.ts). */
  readonly scope: 'everyone' | 'own';
  /** The owners to show (those the query names, those the person may see); empty: nobody matches the query. */
  readonly owners: readonly TeamOwnerLine[];
  readonly teams: readonly TeamTotalLine[];
}

function figures(f: TeamFigures): TeamLineFigures {
  return {
    overdue: f.overdue.map((o) => ({ amount: moneyFor(o.amount_minor, o.currency), invoices: o.invoices })),
    disputesClaimed: f.disputes_claimed,
    disputesResolved: f.disputes_resolved,
    medianResolutionHours: f.median_resolution_hours,
    slaBreaches: f.sla_breaches,
    promisesKept: f.promises_kept,
    promisesBroken: f.promises_broken,
    promisesKeptShare: f.promises_kept_share,
    approvalsPending: f.approvals_pending,
    oldestApprovalHours: f.oldest_approval_hours,
  };
}

/**
 * The team report as chat shows it, for the owners given (already matched and allowed) and every team.
 * @example buildTeamView(report, report.owners, { query: null, scope: 'everyone' }).teams[0].overdue[0] // { amount: '€600.00', invoices: 1 }
 */
export function buildTeamView(
  report: TeamReport, owners: TeamReport['owners'], who: { query: string | null; scope: 'everyone' | 'own' },
): TeamView {
  return {
    asOf: report.as_of, month: report.month, slaHours: report.sla_hours, query: who.query, scope: who.scope,
    owners: owners.map((o) => ({ name: o.name, email: o.email, team: o.team, ...figures(o) })),
    teams: report.teams.map((t) => ({ team: t.team, ...figures(t) })),
  };
}
