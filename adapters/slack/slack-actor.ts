import type { WebClient } from '@slack/web-api';
import { linkOwnerChatId } from '../postgres/owners.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import type { SlackDeps } from './slack-context.js';

type OwnerFound = { id: bigint; email: string; name: string; team: 'sales' | 'delivery' | 'finance'; approver: boolean };

/**
 * Who clicked, as arbot knows them: by the Slack user id the owners import gave, else by the email Slack has for
 * that user (users.info, needs users:read.email), which is then remembered. Unknown people get ownerId null.
 * In the local workspace, users are always found by email and nothing is remembered: its user ids are not Slack's.
 */
export async function slackActor(deps: SlackDeps, client: WebClient, userId: string, userName: string): Promise<Actor> {
  const platform = deps.platform ?? 'slack';
  const platformId = `${platform}:${userId}`;
  const known = platform === 'slack' ? await deps.store.findOwnerByChatId('slack', userId) : null;
  const owner = known ?? (await byEmail(deps, client, userId));
  if (!owner) return { ownerId: null, email: null, name: userName, team: null, approver: false, platformId };
  return { ownerId: owner.id, email: owner.email, name: owner.name || owner.email, team: owner.team, approver: owner.approver, platformId };
}

async function byEmail(deps: SlackDeps, client: WebClient, userId: string): Promise<OwnerFound | null> {
  let email: string | undefined;
  try {
    const info = await client.users.info({ user: userId });
    email = info.user?.profile?.email;
  } catch {
    // users.info failing (missing scope, deactivated user) only means we cannot tell who this is.
    return null;
  }
  if (!email) return null;
  if ((deps.platform ?? 'slack') === 'slack') return linkOwnerChatId(deps.sql, 'slack', email, userId);
  const [o] = await deps.sql<OwnerFound[]>`SELECT id, email, name, team, approver FROM owners WHERE email = ${email.toLowerCase()}`;
  return o ?? null;
}
