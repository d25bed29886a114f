import type { WebClient } from '@slack/web-api';
import { linkOwnerChatId } from '../postgres/owners.js';
import type { Sql } from '../postgres/connect.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';

/**
 * Who clicked, as arbot knows them: by the Slack user id the owners import gave, else by the email Slack has for
 * that user (users.info, needs users:read.email), which is then remembered. Unknown people get ownerId null.
 */
export async function slackActor(sql: Sql, store: ChatActionStore, client: WebClient, userId: string, userName: string): Promise<Actor> {
  const platformId = `slack:${userId}`;
  const known = await store.findOwnerByChatId('slack', userId);
  const owner = known ?? (await byEmail(sql, client, userId));
  if (!owner) return { ownerId: null, email: null, name: userName, team: null, approver: false, platformId };
  return { ownerId: owner.id, email: owner.email, name: owner.name || owner.email, team: owner.team, approver: owner.approver, platformId };
}

async function byEmail(sql: Sql, client: WebClient, userId: string) {
  try {
    const info = await client.users.info({ user: userId });
    const email = info.user?.profile?.email;
    return email ? await linkOwnerChatId(sql, 'slack', email, userId) : null;
  } catch {
    // users.info failing (missing scope, deactivated user) only means we cannot tell who this is.
    return null;
  }
}
