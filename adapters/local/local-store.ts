import type { Sql } from '../postgres/connect.js';

// The local workspace's messages and views in Postgres (migration 006). Plain SQL, one function per question.

export type Json = Record<string, unknown>;

export interface LocalMessage {
  readonly id: bigint;
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | null;
  readonly author: string;
  readonly text: string;
  readonly blocks: unknown[] | null;
  readonly visibleTo: string | null;
  readonly postedAt: Date;
  readonly editedAt: Date | null;
}

export interface LocalView {
  readonly id: string;
  readonly userId: string;
  readonly kind: 'modal' | 'home';
  readonly rootId: string;
  readonly depth: number;
  readonly view: Json;
  readonly errors: Record<string, string> | null;
}

type MessageRow = {
  id: bigint; channel: string; ts: string; thread_ts: string | null; author: string; text: string;
  blocks: unknown[] | null; visible_to: string | null; posted_at: Date; edited_at: Date | null;
};
type ViewRow = { id: string; user_id: string; kind: 'modal' | 'home'; root_id: string; depth: number; view: Json; errors: Record<string, string> | null };

const message = (r: MessageRow): LocalMessage => ({
  id: r.id, channel: r.channel, ts: r.ts, threadTs: r.thread_ts, author: r.author, text: r.text, blocks: r.blocks,
  visibleTo: r.visible_to, postedAt: r.posted_at, editedAt: r.edited_at,
});
const view = (r: ViewRow): LocalView => ({ id: r.id, userId: r.user_id, kind: r.kind, rootId: r.root_id, depth: r.depth, view: r.view, errors: r.errors });

/** The next value of the workspace's counter: ts suffixes, view ids and action_ts never repeat. */
export async function nextSeq(sql: Sql): Promise<bigint> {
  const [r] = await sql<{ n: string }[]>`SELECT nextval('local_seq')::text AS n`;
  return BigInt(r!.n);
}

/** A Slack-shaped ts ("1773997200.000042"): the posting second and the counter, so ordering follows posting. */
export function slackTs(at: Date, seq: bigint): string {
  return `${Math.floor(at.getTime() / 1000)}.${(seq % 1_000_000n).toString().padStart(6, '0')}`;
}

export async function insertMessage(sql: Sql, m: {
  channel: string; threadTs: string | null; author: string; text: string; blocks: unknown[] | null; visibleTo: string | null; postedAt: Date;
}): Promise<string> {
  const ts = slackTs(m.postedAt, await nextSeq(sql));
  await sql`
    INSERT INTO local_messages (channel, ts, thread_ts, author, text, blocks, visible_to, posted_at)
    VALUES (${m.channel}, ${ts}, ${m.threadTs}, ${m.author}, ${m.text}, ${m.blocks === null ? null : sql.json(m.blocks as never)}, ${m.visibleTo}, ${m.postedAt})`;
  return ts;
}

/** A message everyone sees (not ephemeral, not deleted), or null. */
export async function findMessage(sql: Sql, channel: string, ts: string): Promise<LocalMessage | null> {
  const [r] = await sql<MessageRow[]>`
    SELECT * FROM local_messages WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL`;
  return r ? message(r) : null;
}

/** Replaces a message's text and blocks; false when there is no such message (Slack: message_not_found). */
export async function updateMessage(sql: Sql, channel: string, ts: string, text: string, blocks: unknown[] | null, at: Date): Promise<boolean> {
  const rows = await sql`
    UPDATE local_messages SET text = ${text}, blocks = ${blocks === null ? null : sql.json(blocks as never)}, edited_at = ${at}
    WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL AND visible_to IS NULL RETURNING id`;
  return rows.length > 0;
}

export async function deleteMessage(sql: Sql, channel: string, ts: string, at: Date): Promise<boolean> {
  const rows = await sql`UPDATE local_messages SET deleted_at = ${at} WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL RETURNING id`;
  return rows.length > 0;
}

/** What `viewer` sees in a channel, oldest first: the last `limit` messages, replies and their own ephemerals. */
export async function channelMessages(sql: Sql, channel: string, viewer: string, limit = 400): Promise<LocalMessage[]> {
  const rows = await sql<MessageRow[]>`
    SELECT * FROM (
      SELECT * FROM local_messages
      WHERE channel = ${channel} AND deleted_at IS NULL AND (visible_to IS NULL OR visible_to = ${viewer})
      ORDER BY id DESC LIMIT ${limit}
    ) last ORDER BY id`;
  return rows.map(message);
}

/** Channels with messages `viewer` can see, and how many top-level ones each has. */
export async function channelCounts(sql: Sql, viewer: string): Promise<Map<string, number>> {
  const rows = await sql<{ channel: string; n: number }[]>`
    SELECT channel, count(*) FILTER (WHERE thread_ts IS NULL)::int AS n FROM local_messages
    WHERE deleted_at IS NULL AND (visible_to IS NULL OR visible_to = ${viewer}) GROUP BY channel`;
  return new Map(rows.map((r) => [r.channel, r.n]));
}

export async function insertView(sql: Sql, v: { id: string; userId: string; kind: 'modal' | 'home'; rootId: string; depth: number; view: Json }): Promise<void> {
  await sql`
    INSERT INTO local_views (id, user_id, kind, root_id, depth, view)
    VALUES (${v.id}, ${v.userId}, ${v.kind}, ${v.rootId}, ${v.depth}, ${sql.json(v.view as never)})`;
}

export async function findView(sql: Sql, id: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE id = ${id} AND closed_at IS NULL`;
  return r ? view(r) : null;
}

export async function findViewByExternalId(sql: Sql, externalId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE view->>'external_id' = ${externalId} AND closed_at IS NULL ORDER BY updated_at DESC LIMIT 1`;
  return r ? view(r) : null;
}

/** Replaces a view's content (and clears the errors of the last submission unless new ones are given). */
export async function replaceView(sql: Sql, id: string, content: Json, errors: Record<string, string> | null = null): Promise<void> {
  await sql`
    UPDATE local_views SET view = ${sql.json(content as never)}, errors = ${errors === null ? null : sql.json(errors)}, updated_at = now()
    WHERE id = ${id}`;
}

/** The modal on top of a user's stack, if any. */
export async function topModal(sql: Sql, userId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`
    SELECT * FROM local_views WHERE user_id = ${userId} AND kind = 'modal' AND closed_at IS NULL ORDER BY depth DESC, updated_at DESC LIMIT 1`;
  return r ? view(r) : null;
}

/** Closes one modal and any pushed above it. */
export async function closeModal(sql: Sql, v: LocalView): Promise<void> {
  await sql`UPDATE local_views SET closed_at = now() WHERE root_id = ${v.rootId} AND depth >= ${v.depth} AND closed_at IS NULL`;
}

/** Closes every open modal of a user (response_action clear, or a new views.open). */
export async function closeAllModals(sql: Sql, userId: string): Promise<void> {
  await sql`UPDATE local_views SET closed_at = now() WHERE user_id = ${userId} AND kind = 'modal' AND closed_at IS NULL`;
}

export async function publishHome(sql: Sql, userId: string, id: string, content: Json): Promise<void> {
  await sql`
    INSERT INTO local_views (id, user_id, kind, root_id, depth, view) VALUES (${id}, ${userId}, 'home', ${id}, 0, ${sql.json(content as never)})
    ON CONFLICT (user_id) WHERE kind = 'home' DO UPDATE SET view = excluded.view, updated_at = now()`;
}

export async function homeOf(sql: Sql, userId: string): Promise<LocalView | null> {
  const [r] = await sql<ViewRow[]>`SELECT * FROM local_views WHERE user_id = ${userId} AND kind = 'home'`;
  return r ? view(r) : null;
}

/** The id of the newest message of the workspace (0 when none): what a click's answers are newer than. */
export async function lastMessageId(sql: Sql): Promise<bigint> {
  const [r] = await sql<{ id: string }[]>`SELECT coalesce(max(id), 0)::text AS id FROM local_messages`;
  return BigInt(r!.id);
}

/** The ts of the newest private answer to `viewer` shown under the message `anchorTs`, posted after message `afterId`. */
export async function answerSince(sql: Sql, channel: string, anchorTs: string, viewer: string, afterId: bigint): Promise<string | null> {
  const [r] = await sql<{ ts: string }[]>`
    SELECT ts FROM local_messages
    WHERE channel = ${channel} AND thread_ts = ${anchorTs} AND visible_to = ${viewer} AND deleted_at IS NULL AND id > ${afterId.toString()}
    ORDER BY id DESC LIMIT 1`;
  return r?.ts ?? null;
}
