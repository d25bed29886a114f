import type { Route } from '../../adapters/http/server.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresTeamsConversations } from '../../adapters/postgres/teams-conversations.js';
import { slackAlertPublisher } from '../../adapters/slack/slack-alert-publisher.js';
import { slackWebClient } from '../../adapters/slack/slack-app.js';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { postgresChatPeople } from '../../adapters/postgres/chat-people.js';
import { teamsAlertChannel } from '../../adapters/teams/teams-alert-publisher.js';
import { createTeamsAdapter } from '../../adapters/teams/teams-app.js';
import type { ChatCore } from '../chat/chat-core.js';
import type { ChatSurface } from '../chat/chat-surface.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ChatMessages } from '../ports/chat-messages.js';
import type { AlertChannel, ChatPublisher } from '../services/dispatch-alerts.js';

// The chat platforms' wiring shared by `arbot serve` (src/main.ts) and `arbot jobs run`, which posts the alerts
// it raises exactly as the server's alerts job would.

/** The Slack publisher of a process that only posts (no listeners): null when Slack is not configured. */
export function slackPublisherOnly(config: Config, sql: Sql): ChatPublisher | null {
  if (!config.SLACK_BOT_TOKEN) return null;
  return slackAlertPublisher(slackWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL), postgresChatMessages(sql), postgresChatPeople(sql));
}

/**
 * Microsoft Teams when MICROSOFT_APP_ID is set (every activity's token verified), or unauthenticated for the Bot
 * Framework Emulator and tests with TEAMS_LOCAL=1 (loopback requests only): POST /api/messages, the alert
 * channel that posts cards proactively to owners' chats and the TEAMS_*_CONVERSATION channels, and the surface the
 * process registers on its chat core (`core.addSurface`) so changes made anywhere redraw Teams' cards.
 */
export function startTeams(
  config: Config, sql: Sql, log: Logger, core: ChatCore, messages: ChatMessages,
): { routes: Route[]; alertChannel: AlertChannel; surface: ChatSurface } | null {
  const local = !config.MICROSOFT_APP_ID && config.TEAMS_LOCAL === '1';
  if (!config.MICROSOFT_APP_ID && !local) return null;
  if (local) log.warn('Teams: TEAMS_LOCAL=1 without MICROSOFT_APP_ID: /api/messages is NOT authenticated and accepts loopback requests only (Bot Framework Emulator, tests); never use it in production');
  const teams = createTeamsAdapter(
    { appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, appType: config.MICROSOFT_APP_TYPE, local },
    { core, messages, conversations: postgresTeamsConversations(sql), log },
  );
  const conversations = { sales: config.TEAMS_SALES_CONVERSATION ?? null, delivery: config.TEAMS_DELIVERY_CONVERSATION ?? null, finance: config.TEAMS_FINANCE_CONVERSATION ?? null };
  return {
    routes: teams.routes,
    alertChannel: teamsAlertChannel(core.people, teams.messages, (alert) => loadRoutingFacts(sql, alert, 'teams'), conversations),
    surface: teams.surface,
  };
}
