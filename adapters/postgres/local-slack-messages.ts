import type { LocalMessage, MessageContent, NewMessage } from '../../src/ports/local-slack-store.js';
import type { Sql } from './connect.js';

// The local workspace's messages (migration 006): what the Slack emulator stores and the channel pages read.
// Attachments and metadata are not kept: the browser draws text and blocks only.

type MessageRow = {
  id: bigint; channel: string; ts: string; thread_ts: string | null; author: string; text: string;
  blocks: unknown[] | null; visible_to: string | null; posted_at: Date; edited_at: Date | null;
};

const message = (r: MessageRow): LocalMessage => ({
  id: r.id, channel: r.channel, ts: r.ts, threadTs: r.thread_ts, author: r.author, text: r.text, blocks: r.blocks,
  visibleTo: r.visible_to, postedAt: r.posted_at, editedAt: r.edited_at,
});

const jsonb = (sql: Sql, blocks: unknown[] | null) => (blocks === null ? null : sql.json(blocks as never));

export async function nextLocalSeq(sql: Sql): Promise<bigint> {
  const [r] = await sql<{ n: string }[]>`SELECT nextval('local_seq')::text AS n`;
  return BigInt(r!.n);
}

export async function insertLocalMessage(sql: Sql, m: NewMessage): Promise<void> {
  await sql`
    INSERT INTO local_messages (channel, ts, thread_ts, author, text, blocks, visible_to, posted_at)
    VALUES (${m.channel}, ${m.ts}, ${m.threadTs}, ${m.author}, ${m.text}, ${jsonb(sql, m.blocks)}, ${m.visibleTo}, ${m.postedAt})`;
}

export async function findLocalMessage(sql: Sql, channel: string, ts: string): Promise<LocalMessage | null> {
  const [r] = await sql<MessageRow[]>`SELECT * FROM local_messages WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL`;
  return r ? message(r) : null;
}

export async function updateLocalMessage(sql: Sql, channel: string, ts: string, c: MessageContent, at: Date): Promise<boolean> {
  const rows = await sql`
    UPDATE local_messages SET text = ${c.text}, blocks = ${jsonb(sql, c.blocks)}, edited_at = ${at}
    WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL RETURNING id`;
  return rows.length > 0;
}

export async function deleteLocalMessage(sql: Sql, channel: string, ts: string, at: Date): Promise<boolean> {
  const rows = await sql`UPDATE local_messages SET deleted_at = ${at} WHERE channel = ${channel} AND ts = ${ts} AND deleted_at IS NULL RETURNING id`;
  return rows.length > 0;
}

export async function localChannelMessages(sql: Sql, channel: string, viewer: string, limit = 400): Promise<LocalMessage[]> {
  const rows = await sql<MessageRow[]>`
    SELECT * FROM (
      SELECT * FROM local_messages
      WHERE channel = ${channel} AND deleted_at IS NULL AND (visible_to IS NULL OR visible_to = ${viewer})
      ORDER BY id DESC LIMIT ${limit}
    ) last ORDER BY id`;
  return rows.map(message);
}

export async function localChannelCounts(sql: Sql, viewer: string): Promise<Map<string, number>> {
  const rows = await sql<{ channel: string; n: number }[]>`
    SELECT channel, count(*) FILTER (WHERE thread_ts IS NULL)::int AS n FROM local_messages
    WHERE deleted_at IS NULL AND (visible_to IS NULL OR visible_to = ${viewer}) GROUP BY channel`;
  return new Map(rows.map((r) => [r.channel, r.n]));
}

export async function lastLocalMessageId(sql: Sql): Promise<bigint> {
  const [r] = await sql<{ id: string }[]>`SELECT coalesce(max(id), 0)::text AS id FROM local_messages`;
  return BigInt(r!.id);
}

export async function localAnswerSince(sql: Sql, channel: string, anchorTs: string, viewer: string, afterId: bigint): Promise<string | null> {
  const [r] = await sql<{ ts: string }[]>`
    SELECT ts FROM local_messages
    WHERE channel = ${channel} AND thread_ts = ${anchorTs} AND visible_to = ${viewer} AND deleted_at IS NULL AND id > ${afterId.toString()}
    ORDER BY id DESC LIMIT 1`;
  return r?.ts ?? null;
}
