import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ChatPerson } from '../../src/chat/interaction.js';
import type { Logger } from '../../src/log.js';

/**
 * Who sent an activity, as the chat core finds owners: by the AAD object id (the owners import's teams_user_id),
 * else by the email Teams has for that member, asked only when the core needs it.
 */
export function teamsPerson(context: TurnContext, log: Logger): ChatPerson {
  const from = context.activity.from;
  const aad = from.aadObjectId ?? null;
  return {
    platform: 'teams',
    userId: aad ?? from.id,
    name: from.name || from.id,
    chatId: aad,
    async email() {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        return member.email ?? member.userPrincipalName ?? null;
      } catch (err) {
        // No roster access (the Emulator, a chat arbot is not in) only means we cannot tell who this is.
        log.debug({ err: (err as Error).message }, 'teams member lookup failed');
        return null;
      }
    },
  };
}
