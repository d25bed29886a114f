import type { WebClient } from '@slack/web-api';
import type { ChatPerson } from '../../src/chat/interaction.js';
import type { SlackPlatform } from './slack-publisher.js';

/**
 * Who clicked, as the core looks them up: on Slack by their user id (the owners import's slack_user_id, or one
 * remembered), else by the email Slack has for them (users.info, needs users:read.email). The local workspace's
 * user ids are not Slack's, so there people are found by email only (its own Web API answers users.info).
 */
export function slackPerson(client: WebClient, user: { readonly id: string; readonly name: string }, platform: SlackPlatform): ChatPerson {
  return {
    platform,
    userId: user.id,
    name: user.name,
    chatId: platform === 'slack' ? user.id : null,
    // users.info failing (missing scope, deactivated user) only means arbot cannot tell who this is: the core
    // treats a rejection as "no email".
    email: async () => (await client.users.info({ user: user.id })).user?.profile?.email ?? null,
  };
}
