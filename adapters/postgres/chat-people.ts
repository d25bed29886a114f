import type { ChatOwner, ChatPeople } from '../../src/ports/chat-views.js';
import type { Sql } from './connect.js';
import { linkOwnerChatId } from './owners.js';

/** The owners table as chat surfaces look people up. */
export function postgresChatPeople(sql: Sql): ChatPeople {
  return {
    async byChatId(platform, userId) {
      const column = platform === 'teams' ? sql`teams_user_id` : sql`slack_user_id`;
      const [o] = await sql<ChatOwner[]>`SELECT id, email, name, team, approver FROM owners WHERE ${column} = ${userId}`;
      return o ?? null;
    },
    async byEmail(email) {
      const [o] = await sql<ChatOwner[]>`SELECT id, email, name, team, approver FROM owners WHERE email = ${email.toLowerCase()}`;
      return o ?? null;
    },
    linkChatId: (platform, email, userId) => linkOwnerChatId(sql, platform, email, userId),
    async teamsIds(owners) {
      const emails = [...new Set(owners.map((o) => o.email))];
      if (emails.length === 0) return new Map();
      const rows = await sql<{ email: string; teams_user_id: string }[]>`
        SELECT email, teams_user_id FROM owners WHERE email = ANY(${emails}::text[]) AND teams_user_id IS NOT NULL`;
      return new Map(rows.map((r) => [r.email, r.teams_user_id]));
    },
  };
}
