import { TeamsInfo, type TurnContext } from 'botbuilder';
import { linkOwnerChatId } from '../postgres/owners.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import type { TeamsDeps } from './teams-context.js';

/**
 * Who acted, as arbot knows them: by the AAD object id the owners import gave (teams_user_id), else by the email
 * Teams has for that member (TeamsInfo.getMember), which is then remembered as their teams_user_id. Unknown people
 * get ownerId null and may look, not act.
 */
export async function teamsActor(deps: TeamsDeps, context: TurnContext): Promise<Actor> {
  const from = context.activity.from;
  const aad = from.aadObjectId ?? null;
  const platformId = `teams:${aad ?? from.id}`;
  const name = from.name || from.id;
  const known = aad === null ? null : await deps.store.findOwnerByChatId('teams', aad);
  const owner = known ?? (await byEmail(deps, context, aad));
  if (!owner) return { ownerId: null, email: null, name, team: null, approver: false, platformId };
  return { ownerId: owner.id, email: owner.email, name: owner.name || owner.email, team: owner.team, approver: owner.approver, platformId };
}

async function byEmail(deps: TeamsDeps, context: TurnContext, aad: string | null) {
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    email = member.email ?? member.userPrincipalName;
  } catch (err) {
    // No roster access (the Emulator, a chat arbot is not in) only means we cannot tell who this is.
    deps.log.debug({ err: (err as Error).message }, 'teams member lookup failed');
    return null;
  }
  if (!email) return null;
  if (aad !== null) return linkOwnerChatId(deps.sql, 'teams', email, aad);
  const [o] = await deps.sql<{ id: bigint; email: string; name: string; team: 'sales' | 'delivery' | 'finance'; approver: boolean }[]>`
    SELECT id, email, name, team, approver FROM owners WHERE email = ${email.toLowerCase()}`;
  return o ?? null;
}
