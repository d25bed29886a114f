import type { WebClient } from '@slack/web-api';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import type { Sql } from '../postgres/connect.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import { slackMentions } from './slack-mentions.js';
import { publishSlack, type SlackPlatform } from './slack-publisher.js';
import type { AlertView } from '../../src/views/alert-view.js';

/** Alerts to Slack: Block Kit from the view, one message per subject per channel, updated in place. */
export function slackAlertPublisher(sql: Sql, client: WebClient, platform: SlackPlatform = 'slack'): ChatPublisher {
  // The local workspace has no Slack users to look up: its owners are named, not mentioned.
  const mentions = platform === 'slack' ? slackMentions(sql, client) : async (v: AlertView) => v;
  return {
    platform,
    async publish(subjectKey, channel, view) {
      await publishSlack(sql, client, subjectKey, channel, buildAlertMessage(await mentions(view)), platform);
    },
  };
}
