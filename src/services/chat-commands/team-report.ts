import type { CalendarDate } from '../../domain/calendar-date.js';
import { matchOwners } from '../../domain/reports/owner-match.js';
import { lastCompleteMonth } from '../../domain/reports/report-month.js';
import { teamOthersRefusal, teamReportScope, teamUnknownRefusal } from '../../domain/rights/report-rights.js';
import { buildTeamView, type TeamView } from '../../views/team-view.js';
import type { Actor } from '../chat-actions/action-result.js';
import { buildReport, type ReportDeps } from '../reports.js';

export type TeamAnswer = { readonly ok: true; readonly view: TeamView } | { readonly ok: false; readonly code: string; readonly message: string };

const sameEmail = (a: string, b: string | null) => b !== null && a.toLowerCase() === b.toLowerCase();

/**
 * What `/team [owner]` shows: overdue owned at the end of `today`, and the dispute work, promises and approvals
 * of the last complete month, per owner and per team. Finance and approvers see every owner (or those the query
 * names); another owner sees their own line and the team totals, and is refused a query that does not name them
 * (without saying whether it names anyone else).
 */
export async function teamForChat(deps: ReportDeps, actor: Actor, query: string | null, today: CalendarDate): Promise<TeamAnswer> {
  const scope = teamReportScope(actor);
  if (scope === null) return { ok: false, code: 'unknown_user', message: teamUnknownRefusal };
  const report = await buildReport(deps, 'team', { asOf: today, month: lastCompleteMonth(today) });
  if (report.report !== 'team') throw new Error(`the team report came back as ${report.report}`);
  const matched = query === null ? report.owners : matchOwners(report.owners, query);
  if (scope === 'everyone') return { ok: true, view: buildTeamView(report, matched, { query, scope }) };
  const own = report.owners.filter((o) => sameEmail(o.email, actor.email));
  if (query !== null && !matched.some((o) => sameEmail(o.email, actor.email))) return { ok: false, code: 'not_allowed', message: teamOthersRefusal };
  return { ok: true, view: buildTeamView(report, own, { query, scope }) };
}
