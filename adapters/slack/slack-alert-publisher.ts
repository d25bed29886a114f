import type { WebClient } from '@slack/web-api';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { slackMentions } from './slack-mentions.js';
import { publishSlack, type SlackPlatform } from './slack-publisher.js';

/** Alerts to Slack: Block Kit from the view, one message per subject per channel, updated in place. */
export function slackAlertPublisher(client: WebClient, messages: ChatMessages, people: ChatPeople, platform: SlackPlatform = 'slack'): ChatPublisher {
  // The local workspace has no Slack users to look up: its owners are named, not mentioned.
  const mentions = platform === 'slack' ? slackMentions(people, client) : async (v: AlertView) => v;
  return {
    platform,
    async publish(subject, channel, view) {
      await publishSlack(messages, client, subject, channel, buildAlertMessage(await mentions(view)), platform);
    },
  };
}
