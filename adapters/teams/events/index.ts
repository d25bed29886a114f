import { TurnContext } from 'botbuilder';
import type { TeamsDeps } from '../teams-context.js';
import { forgetConversation, rememberConversation, type TeamsConversationType } from '../teams-conversations.js';

const typeOf = (t: string | undefined): TeamsConversationType => (t === 'channel' ? 'channel' : t === 'groupChat' ? 'groupChat' : 'personal');

/**
 * Keeps the conversation's reference in the database (install, membership change, every message), so arbot can
 * post there proactively after any restart. A personal chat also records whose it is: that person's own alerts go there.
 */
export async function captureConversation(deps: TeamsDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const type = typeOf(a.conversation?.conversationType);
  const channelData = a.channelData as { tenant?: { id?: string } } | undefined;
  await rememberConversation(deps.conversations, TurnContext.getConversationReference(a), {
    type,
    tenantId: a.conversation?.tenantId ?? channelData?.tenant?.id ?? null,
    userAadId: type === 'personal' ? a.from?.aadObjectId ?? null : null,
  });
}

/** `conversationUpdate`: arbot added (remember) or removed (forget) from a team, a chat or a channel. */
export async function onMembershipChange(deps: TeamsDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const me = a.recipient?.id;
  if (a.membersRemoved?.some((m) => m.id === me)) {
    await forgetConversation(deps.conversations, a.conversation.id);
    return;
  }
  await captureConversation(deps, context);
}

/** `installationUpdate`: the app installed (add) or uninstalled (remove) in a team, a chat or for a person. */
export async function onInstallation(deps: TeamsDeps, context: TurnContext): Promise<void> {
  if (context.activity.action === 'remove' || context.activity.action === 'remove-upgrade') {
    await forgetConversation(deps.conversations, context.activity.conversation.id);
    return;
  }
  await captureConversation(deps, context);
}
