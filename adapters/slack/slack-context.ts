import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { Logger } from '../../src/log.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { SlackPlatform } from './slack-publisher.js';

/**
 * What every Slack listener needs: the chat core (which resolves the person, checks rights, acts and redraws every
 * surface), the posted messages, and the log. Built in src/main.ts (one core per process).
 */
export interface SlackDeps {
  /** 'local' when the local workspace drives these listeners; its messages are kept apart from Slack's. */
  readonly platform?: SlackPlatform;
  readonly core: ChatCore;
  readonly messages: ChatMessages;
  readonly log: Logger;
}

export const platformOf = (deps: SlackDeps): SlackPlatform => deps.platform ?? 'slack';

/**
 * A private answer to a click. Messages have a response URL for one; the App Home tab has none, so the bot tells
 * the person in its own messages tab.
 */
export async function answerPrivately(
  respond: RespondFn, client: WebClient, body: { readonly response_url?: string; readonly user: { readonly id: string } }, text: string,
): Promise<void> {
  if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
  else await client.chat.postMessage({ channel: body.user.id, text });
}
