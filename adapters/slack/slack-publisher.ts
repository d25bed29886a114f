import type { WebClient } from '@slack/web-api';
import { literalTextBlock, type SlackMessage } from '../../blocks/slack/block-kit.js';
import { escapeMrkdwn } from '../../blocks/slack/mrkdwn.js';
import { messageIn, messagesOf, rememberMessage } from '../postgres/chat-messages.js';
import type { Sql } from '../postgres/connect.js';

/**
 * Whose messages these are in chat_messages: Slack itself, or the local workspace, which speaks the same Web API
 * (and renders the same Block Kit) on arbot's own server.
 */
export type SlackPlatform = 'slack' | 'local';

function slackError(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

/**
 * Posts a subject's message to a channel, or updates it in place when arbot already posted it there. A message
 * someone deleted is posted again. Rate limits are handled by the WebClient (it waits out Retry-After).
 */
export async function publishSlack(
  sql: Sql, client: WebClient, subjectKey: string, channel: string, message: SlackMessage, platform: SlackPlatform = 'slack',
  /** The message's ts when the caller just read it (saves reading it again). */
  known?: string,
): Promise<string> {
  const existing = known ?? (await messageIn(sql, platform, subjectKey, channel));
  if (existing) {
    try {
      await client.chat.update({ channel, ts: existing, text: message.text, blocks: message.blocks });
      return existing;
    } catch (err) {
      if (slackError(err) !== 'message_not_found') throw err;
    }
  }
  const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
  await rememberMessage(sql, platform, subjectKey, channel, posted.ts!);
  return posted.ts!;
}

/** Re-renders every message of a subject in place and adds a line to each message's thread. */
export async function refreshSlack(
  sql: Sql, client: WebClient, subjectKey: string, message: SlackMessage | null, threadLine: string | null, platform: SlackPlatform = 'slack',
): Promise<void> {
  for (const m of await messagesOf(sql, platform, subjectKey)) {
    // A message deleted meanwhile is posted again: the thread line goes under the new one.
    const ts = message ? await publishSlack(sql, client, subjectKey, m.channel, message, platform, m.ref) : m.ref;
    // The line is shown exactly as typed (a note's `*bold*` stays `*bold*`); the escaped text is the notification's.
    if (threadLine) {
      await client.chat.postMessage({ channel: m.channel, thread_ts: ts, text: escapeMrkdwn(threadLine), blocks: [literalTextBlock(threadLine, { quote: false })], unfurl_links: false });
    }
  }
}
