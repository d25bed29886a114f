import type { OwnerRef } from '../../src/views/alert-view.js';
import type { Sql } from '../postgres/connect.js';

/** Teams user ids (AAD object ids) of the given owners, by email, for mentions. Owners without one are absent. */
export async function teamsIdsOf(sql: Sql, owners: readonly OwnerRef[]): Promise<Map<string, string>> {
  const emails = [...new Set(owners.map((o) => o.email))];
  if (emails.length === 0) return new Map();
  const rows = await sql<{ email: string; teams_user_id: string }[]>`
    SELECT email, teams_user_id FROM owners WHERE email = ANY(${emails}::text[]) AND teams_user_id IS NOT NULL`;
  return new Map(rows.map((r) => [r.email, r.teams_user_id]));
}
