import type { CalendarDate } from '../domain/calendar-date.js';
import { lookupRefusal, mayLookUpCustomers } from '../domain/rights/customer-lookup.js';
import { refused, type Actor } from '../services/chat-actions/action-result.js';
import { reviewForChat } from '../services/chat-commands/review-report.js';
import { teamForChat } from '../services/chat-commands/team-report.js';
import type { ReportDeps } from '../services/reports.js';
import type { ChatAction } from './chat-action.js';
import type { ChatCoreDeps } from './chat-core-deps.js';
import type { ActionOutcome } from './run-action.js';

/**
 * `/review` and `/team` (and Teams' `review`, `team`): the report service on the core's report port. The review
 * shows any top account's figures, so it follows the rule of customer lookups (AR_LOOKUP); the team report names
 * people's performance, so its service decides who sees which lines (src/domain/rights/report-rights.ts).
 */
export async function runReportAction(
  deps: ChatCoreDeps, actorOf: () => Promise<Actor>, action: Extract<ChatAction, { type: 'show_review' | 'show_team' }>, today: CalendarDate,
): Promise<ActionOutcome> {
  const reports: ReportDeps = { store: deps.reports, kpis: deps.kpi.store, zone: deps.zone };
  if (action.type === 'show_review') {
    if (deps.rights.arLookup !== 'anyone' && !mayLookUpCustomers(await actorOf(), deps.rights.arLookup)) return { result: refused('not_allowed', lookupRefusal) };
    const r = await reviewForChat(reports, action.month, today);
    return r.ok ? { shown: { show: 'review', review: r.view } } : { result: refused(r.code, r.message) };
  }
  const r = await teamForChat(reports, await actorOf(), action.owner, today);
  return r.ok ? { shown: { show: 'team', team: r.view } } : { result: refused(r.code, r.message) };
}
