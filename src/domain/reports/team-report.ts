import type { CalendarDate } from '../calendar-date.js';
import { ratio, roundedNumber } from '../kpi/ratio.js';
import { medianHours } from './median.js';
import type { CalendarMonth } from './report-month.js';

/** Who a row of the store's facts is about: one owner (their id) or one team (its name). */
export interface TeamKey {
  readonly kind: 'owner' | 'team';
  readonly key: string;
}

export interface OverdueFacts extends TeamKey {
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly invoices: number;
}

export interface DisputeWorkFacts extends TeamKey {
  readonly claimed: number;
  /** Seconds from opened to closed of each dispute resolved in the period. */
  readonly resolutionSeconds: readonly number[];
  readonly slaBreaches: number;
}

export interface PromiseFacts extends TeamKey {
  readonly kept: number;
  readonly broken: number;
}

export interface ApprovalFacts extends TeamKey {
  readonly pending: number;
  /** Seconds the oldest pending approval had waited at the end of as_of. */
  readonly oldestSeconds: number;
}

export interface OwnerFacts {
  readonly id: bigint;
  readonly email: string;
  readonly name: string;
  readonly team: string;
}

export interface TeamFacts {
  readonly owners: readonly OwnerFacts[];
  readonly overdue: readonly OverdueFacts[];
  readonly disputes: readonly DisputeWorkFacts[];
  readonly promises: readonly PromiseFacts[];
  readonly approvals: readonly ApprovalFacts[];
}

/** One owner's or one team's figures. */
export interface TeamFigures {
  /** Overdue at the end of as_of on the customers they own (sales or delivery owner), per currency. */
  readonly overdue: readonly { readonly currency: string; readonly amount_minor: bigint; readonly invoices: number }[];
  readonly disputes_claimed: number;
  readonly disputes_resolved: number;
  readonly median_resolution_hours: number | null;
  readonly sla_breaches: number;
  readonly promises_kept: number;
  readonly promises_broken: number;
  /** kept / (kept + broken), 4 decimals; null when none was resolved. */
  readonly promises_kept_share: number | null;
  readonly approvals_pending: number;
  readonly oldest_approval_hours: number | null;
}

export interface TeamReport {
  readonly report: 'team';
  readonly as_of: CalendarDate;
  readonly month: CalendarMonth;
  readonly sla_hours: number;
  readonly owners: readonly (TeamFigures & { readonly email: string; readonly name: string; readonly team: string })[];
  readonly teams: readonly (TeamFigures & { readonly team: string })[];
}

const pick = <T extends TeamKey>(rows: readonly T[], k: TeamKey) => rows.filter((r) => r.kind === k.kind && r.key === k.key);

function figuresOf(facts: TeamFacts, k: TeamKey): TeamFigures {
  const [d] = pick(facts.disputes, k);
  const [p] = pick(facts.promises, k);
  const [a] = pick(facts.approvals, k);
  const kept = p?.kept ?? 0;
  const broken = p?.broken ?? 0;
  return {
    overdue: pick(facts.overdue, k).map((o) => ({ currency: o.currency, amount_minor: o.amountMinor, invoices: o.invoices }))
      .sort((x, y) => (x.currency < y.currency ? -1 : 1)),
    disputes_claimed: d?.claimed ?? 0,
    disputes_resolved: d?.resolutionSeconds.length ?? 0,
    median_resolution_hours: medianHours(d?.resolutionSeconds ?? []),
    sla_breaches: d?.slaBreaches ?? 0,
    promises_kept: kept,
    promises_broken: broken,
    promises_kept_share: roundedNumber(ratio(BigInt(kept), BigInt(kept + broken)), 4),
    approvals_pending: a?.pending ?? 0,
    oldest_approval_hours: a ? Math.floor(a.oldestSeconds / 3600) : null,
  };
}

/**
 * Builds the team report: every owner (by team, then email) and every team that has owners, each with the same
 * figures. A team's figures are its own rows (a customer owned twice within a team counts once), not a sum of
 * its owners'.
 * @example buildTeamReport({ asOf: '2026-03-31', month: '2026-03', slaHours: 48 }, facts).teams[0].promises_kept_share // 0.5
 */
export function buildTeamReport(period: { asOf: CalendarDate; month: CalendarMonth; slaHours: number }, facts: TeamFacts): TeamReport {
  const owners = [...facts.owners].sort((a, b) => (a.team === b.team ? (a.email < b.email ? -1 : 1) : a.team < b.team ? -1 : 1));
  const teams = [...new Set(owners.map((o) => o.team))];
  return {
    report: 'team',
    as_of: period.asOf,
    month: period.month,
    sla_hours: period.slaHours,
    owners: owners.map((o) => ({ email: o.email, name: o.name, team: o.team, ...figuresOf(facts, { kind: 'owner', key: String(o.id) }) })),
    teams: teams.map((team) => ({ team, ...figuresOf(facts, { kind: 'team', key: team }) })),
  };
}
