import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { TeamsConversationStore, TeamsConversationType } from '../../src/ports/teams-conversations.js';

export type { TeamsConversationType };

/** The reference as stored: checked on the way out, since jsonb read back is not a type. */
const storedReference = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }).loose(),
  bot: z.object({ id: z.string() }).loose().optional(),
  user: z.object({ id: z.string() }).loose().optional(),
}).loose();

/**
 * A channel post arrives in a thread (`19:…@thread.tacv2;messageid=…`); arbot posts to the channel itself, so
 * the thread part is dropped from the id it keeps.
 */
export const baseConversationId = (id: string) => id.split(';messageid=')[0]!;

/** Remembers where a conversation is (upsert): called on install and on every message. */
export async function rememberConversation(
  store: TeamsConversationStore, ref: Partial<ConversationReference>, info: { type: TeamsConversationType; tenantId: string | null; userAadId: string | null },
): Promise<void> {
  if (!ref.conversation?.id || !ref.serviceUrl) return;
  const id = baseConversationId(ref.conversation.id);
  const reference = { ...ref, conversation: { ...ref.conversation, id }, activityId: undefined };
  await store.store({ conversationId: id, type: info.type, tenantId: info.tenantId, serviceUrl: ref.serviceUrl, userAadId: info.userAadId, reference });
}

/** arbot was removed from the conversation: nothing is posted there until it is added again. */
export async function forgetConversation(store: TeamsConversationStore, conversationId: string): Promise<void> {
  await store.forget(baseConversationId(conversationId));
}

/**
 * The reference to post to a conversation: the one captured there, else (a channel given by configuration or the
 * owners import, where arbot was installed with its team) one built from the serviceUrl and tenant of any other
 * conversation arbot knows. Null when arbot has never been reached from Teams at all.
 */
export async function conversationReference(store: TeamsConversationStore, conversationId: string): Promise<Partial<ConversationReference> | null> {
  const id = baseConversationId(conversationId);
  const known = await store.read(id);
  if (known) {
    if (!known.installed) return null;
    const parsed = storedReference.safeParse(known.reference);
    if (parsed.success) return parsed.data as unknown as Partial<ConversationReference>;
  }
  const any = await store.latest();
  const parsed = storedReference.safeParse(any?.reference);
  if (!parsed.success) return null;
  const { serviceUrl, channelId, bot } = parsed.data;
  return {
    serviceUrl, channelId, ...(bot ? { bot: bot as unknown as ConversationReference['bot'] } : {}),
    conversation: { id, isGroup: true, conversationType: 'channel', tenantId: any?.tenantId ?? undefined, name: '' } as ConversationReference['conversation'],
  };
}
