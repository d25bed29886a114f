import type { WebClient } from '@slack/web-api';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { literalTextBlock } from '../../blocks/slack/block-kit.js';
import { escapeMrkdwn } from '../../blocks/slack/mrkdwn.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import { publishSlack, type SlackPlatform } from './slack-publisher.js';

/**
 * Slack (or the local workspace) as the core redraws it after a change: every message of the subject re-rendered
 * in place, and the action's line in each message's thread. A message that is itself in a thread (a customer's
 * reply under its invoice's message) gets its line in that same thread: Slack has no thread under a thread reply.
 */
export function slackSurface(client: WebClient, messages: ChatMessages, platform: SlackPlatform): ChatSurface {
  return {
    platform,
    async redraw(subject, view, threadLine) {
      const message = view ? buildAlertMessage(view) : null;
      for (const m of await messages.messagesOf(platform, subject)) {
        // A message deleted meanwhile is posted again (in its thread, if it was in one): the line goes under the new one.
        const ts = message ? await publishSlack(messages, client, subject, m.channel, message, platform, m.ref, m.thread) : m.ref;
        // The line is shown exactly as typed (a note's `*bold*` stays `*bold*`); the escaped text is the notification's.
        if (threadLine) {
          await client.chat.postMessage({
            channel: m.channel, thread_ts: m.thread ?? ts, text: escapeMrkdwn(threadLine), blocks: [literalTextBlock(threadLine, { quote: false })], unfurl_links: false,
          });
        }
      }
    },
  };
}
