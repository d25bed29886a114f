import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Sql } from '../postgres/connect.js';

// Conversation references in Postgres (table teams_conversations), never in memory: a proactive post needs the
// reference's serviceUrl, and arbot must still reach Teams after a restart or on another instance.

export type TeamsConversationType = 'personal' | 'channel' | 'groupChat';

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
  sql: Sql, ref: Partial<ConversationReference>, info: { type: TeamsConversationType; tenantId: string | null; userAadId: string | null },
): Promise<void> {
  if (!ref.conversation?.id || !ref.serviceUrl) return;
  const id = baseConversationId(ref.conversation.id);
  const reference = { ...ref, conversation: { ...ref.conversation, id }, activityId: undefined };
  await sql`
    INSERT INTO teams_conversations (conversation_id, conversation_type, tenant_id, service_url, user_aad_id, reference, installed)
    VALUES (${id}, ${info.type}, ${info.tenantId}, ${ref.serviceUrl}, ${info.userAadId}, ${sql.json(JSON.parse(JSON.stringify(reference)))}, true)
    ON CONFLICT (conversation_id) DO UPDATE SET
      conversation_type = excluded.conversation_type, tenant_id = coalesce(excluded.tenant_id, teams_conversations.tenant_id),
      service_url = excluded.service_url, user_aad_id = coalesce(excluded.user_aad_id, teams_conversations.user_aad_id),
      reference = excluded.reference, installed = true, updated_at = now()`;
}

/** arbot was removed from the conversation: nothing is posted there until it is added again. */
export async function forgetConversation(sql: Sql, conversationId: string): Promise<void> {
  await sql`UPDATE teams_conversations SET installed = false, updated_at = now() WHERE conversation_id = ${baseConversationId(conversationId)}`;
}

/**
 * The reference to post to a conversation: the one captured there, else (a channel given by configuration or the
 * owners import, where arbot was installed with its team) one built from the serviceUrl and tenant of any other
 * conversation arbot knows. Null when arbot has never been reached from Teams at all.
 */
export async function conversationReference(sql: Sql, conversationId: string): Promise<Partial<ConversationReference> | null> {
  const id = baseConversationId(conversationId);
  const [known] = await sql<{ reference: unknown; installed: boolean }[]>`
    SELECT reference, installed FROM teams_conversations WHERE conversation_id = ${id}`;
  if (known) {
    if (!known.installed) return null;
    const parsed = storedReference.safeParse(known.reference);
    if (parsed.success) return parsed.data as unknown as Partial<ConversationReference>;
  }
  const [any] = await sql<{ reference: unknown; tenant_id: string | null }[]>`
    SELECT reference, tenant_id FROM teams_conversations WHERE installed ORDER BY updated_at DESC LIMIT 1`;
  const parsed = storedReference.safeParse(any?.reference);
  if (!parsed.success) return null;
  const { serviceUrl, channelId, bot } = parsed.data;
  return {
    serviceUrl, channelId, ...(bot ? { bot: bot as unknown as ConversationReference['bot'] } : {}),
    conversation: { id, isGroup: true, conversationType: 'channel', tenantId: any?.tenant_id ?? undefined, name: '' } as ConversationReference['conversation'],
  };
}
