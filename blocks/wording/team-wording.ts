import type { TeamLineFigures, TeamOwnerLine, TeamTotalLine, TeamView } from '../../src/views/team-view.js';
import type { Fact } from './invoice-wording.js';
import { moreText } from './list-wording.js';
import type { Marks } from './marks.js';
import { na, percentText, plural } from './number-text.js';

// The words of the /team answer (Slack) and of `@arbot team` (Teams). Amounts arrive formatted, per currency.

/** Owners listed before "…and N more owners" (each surface may show fewer to stay within its size limit). */
export const teamOwnersShown = 20;

/** "Team report · as of 2026-03-31" (· the owner asked for). */
export const teamHeader = (v: TeamView, m: Marks): string => `Team report · as of ${v.asOf}${v.query === null ? '' : ` · “${m.esc(v.query)}”`}`;

/** The notification line. */
export const teamSummary = (v: TeamView): string => `Collections per owner and team as of ${v.asOf}`;

export const teamFootnote = (v: TeamView): string =>
  `Overdue on the customers each owns (sales or delivery) and approvals pending: at the end of ${v.asOf}. `
  + `Disputes and promises: ${v.month} (dispute SLA ${v.slaHours} h). Per currency, never converted or added across currencies.`;

export const teamOwnScope = 'You see your own line and the team totals; finance and approvers see every owner.';

export const teamNoMatch = (query: string, m: Marks): string => `No owner matches “${m.esc(query)}”. Try part of a name or an email.`;

export const teamNobody = 'No owners yet: add them with the owners import.';

export const teamOwnersTitle = 'Owners';
export const teamTotalsTitle = 'Teams';

/** "Ana · sales · ana@acme.example" */
export const teamOwnerTitle = (o: TeamOwnerLine, m: Marks): string => `${m.bold(o.name)} · ${m.esc(o.team)} · ${m.esc(o.email)}`;

/** "sales team" */
export const teamTotalTitle = (t: TeamTotalLine, m: Marks): string => m.strong(`${m.esc(t.team)} team`);

const hours = (h: number) => `${h} h`;

/** The four figures of an owner or a team, as facts. */
export function teamFacts(f: TeamLineFigures, m: Marks): Fact[] {
  const resolved = f.promisesKept + f.promisesBroken;
  return [
    {
      label: 'Overdue owned',
      value: f.overdue.length === 0 ? 'none' : f.overdue.map((o) => `${m.esc(o.amount)} in ${plural(o.invoices, 'invoice', 'invoices')}`).join(', '),
    },
    {
      label: 'Disputes',
      value: `${f.disputesClaimed} held, ${f.disputesResolved} resolved (median ${f.medianResolutionHours === null ? na : hours(f.medianResolutionHours)}), `
        + plural(f.slaBreaches, 'SLA breach', 'SLA breaches'),
    },
    { label: 'Promises kept', value: resolved === 0 ? 'none resolved' : `${f.promisesKept} of ${resolved} (${percentText(f.promisesKeptShare)})` },
    {
      label: 'Approvals pending',
      value: f.approvalsPending === 0 ? 'none' : `${f.approvalsPending}, oldest ${f.oldestApprovalHours === null ? na : hours(f.oldestApprovalHours)}`,
    },
  ];
}

export const teamMoreOwners = (hidden: number): string => moreText(hidden, ['owner', 'owners']);
