import { parseSubjectKey, subjectKey } from '../../src/domain/subject.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { Sql } from './connect.js';
import { retryOnLostConnection } from './retry-lost-connection.js';

export interface ChatMessageRef {
  readonly channel: string;
  readonly ref: string;
  /** The message it was posted under (thread_ref); null for a message on its own. */
  readonly thread: string | null;
}

/** Where a subject was posted on a platform, one row per channel. */
export async function messagesOf(sql: Sql, platform: string, subjectKey: string): Promise<ChatMessageRef[]> {
  const rows = await sql<{ channel: string; message_ref: string; thread_ref: string | null }[]>`
    SELECT channel, message_ref, thread_ref FROM chat_messages WHERE platform = ${platform} AND subject_key = ${subjectKey} ORDER BY id`;
  return rows.map((r) => ({ channel: r.channel, ref: r.message_ref, thread: r.thread_ref }));
}

export async function messageIn(sql: Sql, platform: string, subjectKey: string, channel: string): Promise<string | null> {
  const [r] = await sql<{ message_ref: string }[]>`
    SELECT message_ref FROM chat_messages WHERE platform = ${platform} AND subject_key = ${subjectKey} AND channel = ${channel}`;
  return r?.message_ref ?? null;
}

/**
 * Records the message a subject got in a channel, and the message it was posted under (`thread`, null for one on
 * its own: a repost on its own clears an old thread). The post it records has already happened and cannot be undone:
 * if the connection is lost meanwhile (a database restart), the message would be unknown and the alert queue would
 * post it again, so a lost connection is retried on a fresh one (postgres.js reconnects) for a few seconds.
 */
export async function rememberMessage(
  sql: Sql, platform: string, subjectKey: string, channel: string, ref: string, thread: string | null = null,
): Promise<void> {
  await retryOnLostConnection(() => sql`
    INSERT INTO chat_messages (platform, subject_key, channel, message_ref, thread_ref) VALUES (${platform}, ${subjectKey}, ${channel}, ${ref}, ${thread})
    ON CONFLICT (platform, subject_key, channel) DO UPDATE SET message_ref = excluded.message_ref, thread_ref = excluded.thread_ref, updated_at = now()`);
}

/** The subject a message is about, when arbot posted it (buttons re-check this rather than trust their value). */
export async function subjectOfMessage(sql: Sql, platform: string, channel: string, ref: string): Promise<string | null> {
  const [r] = await sql<{ subject_key: string }[]>`
    SELECT subject_key FROM chat_messages WHERE platform = ${platform} AND channel = ${channel} AND message_ref = ${ref}`;
  return r?.subject_key ?? null;
}

/** The posted messages as the chat surfaces keep them (subjects stored as `subjectKey` text). */
export function postgresChatMessages(sql: Sql): ChatMessages {
  return {
    messagesOf: (platform, subject) => messagesOf(sql, platform, subjectKey(subject)),
    messageIn: (platform, subject, channel) => messageIn(sql, platform, subjectKey(subject), channel),
    remember: (platform, subject, channel, ref, thread) => rememberMessage(sql, platform, subjectKey(subject), channel, ref, thread ?? null),
    async subjectOf(platform, channel, ref) {
      const key = await subjectOfMessage(sql, platform, channel, ref);
      return key === null ? null : parseSubjectKey(key);
    },
  };
}
