import type { TeamsConversationStore } from '../../src/ports/teams-conversations.js';
import type { Sql } from './connect.js';

/** Teams conversations in table teams_conversations (loadRoutingFacts reads who owns a personal chat from it). */
export function postgresTeamsConversations(sql: Sql): TeamsConversationStore {
  return {
    async store(c) {
      // A round trip through JSON drops the undefined fields a botbuilder reference carries.
      const reference = JSON.parse(JSON.stringify(c.reference ?? null));
      await sql`
        INSERT INTO teams_conversations (conversation_id, conversation_type, tenant_id, service_url, user_aad_id, reference, installed)
        VALUES (${c.conversationId}, ${c.type}, ${c.tenantId}, ${c.serviceUrl}, ${c.userAadId}, ${sql.json(reference)}, true)
        ON CONFLICT (conversation_id) DO UPDATE SET
          conversation_type = excluded.conversation_type, tenant_id = coalesce(excluded.tenant_id, teams_conversations.tenant_id),
          service_url = excluded.service_url, user_aad_id = coalesce(excluded.user_aad_id, teams_conversations.user_aad_id),
          reference = excluded.reference, installed = true, updated_at = now()`;
    },
    async forget(conversationId) {
      await sql`UPDATE teams_conversations SET installed = false, updated_at = now() WHERE conversation_id = ${conversationId}`;
    },
    async read(conversationId) {
      const [row] = await sql<{ reference: unknown; installed: boolean }[]>`
        SELECT reference, installed FROM teams_conversations WHERE conversation_id = ${conversationId}`;
      return row ?? null;
    },
    async latest() {
      const [row] = await sql<{ reference: unknown; tenant_id: string | null }[]>`
        SELECT reference, tenant_id FROM teams_conversations WHERE installed ORDER BY updated_at DESC LIMIT 1`;
      return row ? { reference: row.reference, tenantId: row.tenant_id } : null;
    },
  };
}
