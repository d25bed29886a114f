import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../blocks/slack/block-kit.js';
import type { SubjectRef } from '../../src/domain/subject.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';

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
 * `thread`: the ts of the message to post it under (a customer's reply under its invoice's message); an update in
 * place leaves a message where it is.
 */
export async function publishSlack(
  messages: ChatMessages, client: WebClient, subject: SubjectRef, channel: string, message: SlackMessage, platform: SlackPlatform = 'slack',
  /** The message's ts when the caller just read it (saves reading it again). */
  known?: string,
  thread: string | null = null,
): Promise<string> {
  const existing = known ?? (await messages.messageIn(platform, subject, channel));
  if (existing) {
    try {
      await client.chat.update({ channel, ts: existing, text: message.text, blocks: message.blocks });
      return existing;
    } catch (err) {
      if (slackError(err) !== 'message_not_found') throw err;
    }
  }
  const posted = await client.chat.postMessage({
    channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false, ...(thread === null ? {} : { thread_ts: thread }),
  });
  await messages.remember(platform, subject, channel, posted.ts!, thread);
  return posted.ts!;
}
