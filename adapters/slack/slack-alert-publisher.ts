import type { WebClient } from '@slack/web-api';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import type { SubjectRef } from '../../src/domain/subject.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import { threadOf, type AlertView } from '../../src/views/alert-view.js';
import { slackMentions } from './slack-mentions.js';
import { publishSlack, type SlackPlatform } from './slack-publisher.js';

/**
 * Alerts to Slack: Block Kit from the view, one message per subject per channel, updated in place. A view that goes
 * in a thread (a customer's reply) first brings its parent up to date in that channel (posting it where it is
 * missing), then goes under it.
 */
export function slackAlertPublisher(client: WebClient, messages: ChatMessages, people: ChatPeople, platform: SlackPlatform = 'slack'): ChatPublisher {
  // The local workspace has no Slack users to look up: its owners are named, not mentioned.
  const mentions = platform === 'slack' ? slackMentions(people, client) : async (v: AlertView) => v;
  const publishView = async (subject: SubjectRef, channel: string, view: AlertView, thread: string | null) =>
    publishSlack(messages, client, subject, channel, buildAlertMessage(await mentions(view)), platform, undefined, thread);
  return {
    platform,
    async publish(subject, channel, view) {
      const parent = threadOf(view);
      const thread = parent === null ? null : await publishView(parent.subject, channel, parent.view, null);
      await publishView(subject, channel, view, thread);
    },
  };
}
