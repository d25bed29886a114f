import type { Person } from './chat-rights.js';

/**
 * What a person may see of the team report (`/team`), which names people's performance: finance and approvers
 * see every owner (they run collections and decide escalations); any other owner sees their own line and the
 * team totals (a team's figures name nobody); someone arbot does not know sees nothing.
 * @example teamReportScope({ ownerId: 4n, team: 'finance', approver: false }) // 'everyone'
 * @example teamReportScope({ ownerId: 2n, team: 'sales', approver: false }) // 'own'
 */
export function teamReportScope(p: Person): 'everyone' | 'own' | null {
  if (p.ownerId === null) return null;
  return p.team === 'finance' || p.approver ? 'everyone' : 'own';
}

export const teamUnknownRefusal = 'arbot does not know you yet, and the team report is for the people it knows: ask finance to add you as an owner (owners import)';

export const teamOthersRefusal = "only finance or an approver can see another owner's figures; without a name you see your own line and the team totals";
