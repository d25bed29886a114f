import type { ChatOwner } from '../../src/ports/chat-views.js';
import type { OwnerRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins } from './batch.js';
import type { Sql } from './connect.js';

/** Upserts owners by email. Chat ids left empty keep what arbot already knows (e.g. found by email lookup). */
export async function upsertOwners(tx: Sql, batch: readonly Positioned<OwnerRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const rows = lastWins(batch, (r) => r.email);
  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.email)}::text[], ${col(rows, (r) => r.row.name)}::text[],
        ${col(rows, (r) => r.row.team)}::text[], ${col(rows, (r) => String(r.row.approver))}::text[]::bool[],
        ${col(rows, (r) => r.row.slack_user_id)}::text[], ${col(rows, (r) => r.row.slack_channel_id)}::text[],
        ${col(rows, (r) => r.row.teams_user_id)}::text[], ${col(rows, (r) => r.row.teams_conversation_id)}::text[],
        ${col(rows, (r) => r.row.chat_platform)}::text[]
      ) AS t(email, name, team, approver, slack_user_id, slack_channel_id, teams_user_id, teams_conversation_id, chat_platform)
    ), up AS (
      INSERT INTO owners AS o (email, name, team, approver, slack_user_id, slack_channel_id, teams_user_id, teams_conversation_id, chat_platform)
      SELECT email, name, team, approver, slack_user_id, slack_channel_id, teams_user_id, teams_conversation_id, chat_platform FROM input
      ON CONFLICT (email) DO UPDATE SET
        name = excluded.name, team = excluded.team, approver = excluded.approver,
        slack_user_id = coalesce(excluded.slack_user_id, o.slack_user_id),
        slack_channel_id = coalesce(excluded.slack_channel_id, o.slack_channel_id),
        teams_user_id = coalesce(excluded.teams_user_id, o.teams_user_id),
        teams_conversation_id = coalesce(excluded.teams_conversation_id, o.teams_conversation_id),
        chat_platform = coalesce(excluded.chat_platform, o.chat_platform),
        updated_at = now()
      WHERE (o.name, o.team, o.approver, o.slack_user_id, o.slack_channel_id, o.teams_user_id, o.teams_conversation_id, o.chat_platform)
        IS DISTINCT FROM (excluded.name, excluded.team, excluded.approver,
          coalesce(excluded.slack_user_id, o.slack_user_id), coalesce(excluded.slack_channel_id, o.slack_channel_id),
          coalesce(excluded.teams_user_id, o.teams_user_id), coalesce(excluded.teams_conversation_id, o.teams_conversation_id),
          coalesce(excluded.chat_platform, o.chat_platform))
      RETURNING o.id, o.email AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'owner', 'email', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected: [], unmatched: [] };
}

/** Owner ids by lower-case email, for the given emails. */
export async function ownerIdsByEmail(tx: Sql, emails: readonly string[]): Promise<Map<string, bigint>> {
  const unique = [...new Set(emails)];
  if (unique.length === 0) return new Map();
  const rows = await tx<{ id: bigint; email: string }[]>`SELECT id, email FROM owners WHERE email = ANY(${unique}::text[])`;
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** Finds an owner by email and remembers their chat user id, so the next lookup needs no API call. */
export async function linkOwnerChatId(sql: Sql, platform: 'slack' | 'teams', email: string, userId: string) {
  const rows = platform === 'slack'
    ? await sql<ChatOwner[]>`
        UPDATE owners SET slack_user_id = ${userId}, updated_at = now() WHERE email = ${email.toLowerCase()}
        RETURNING id, email, name, team, approver`
    : await sql<ChatOwner[]>`
        UPDATE owners SET teams_user_id = ${userId}, updated_at = now() WHERE email = ${email.toLowerCase()}
        RETURNING id, email, name, team, approver`;
  return rows[0] ?? null;
}
