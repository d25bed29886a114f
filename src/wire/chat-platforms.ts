import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { slackAlertPublisher } from '../../adapters/slack/slack-alert-publisher.js';
import { slackWebClient } from '../../adapters/slack/slack-app.js';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { postgresChatPeople } from '../../adapters/postgres/chat-people.js';
import { teamsAlertChannel } from '../../adapters/teams/teams-alert-publisher.js';
import { createTeamsAdapter } from '../../adapters/teams/teams-app.js';
import { refreshCards } from '../../adapters/teams/teams-context.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { DoneAction, SubjectRefresh } from '../services/chat-actions/refresh.js';
import { rightsSettings } from '../services/chat-actions/rights-settings.js';
import type { ChatPublisher } from '../services/dispatch-alerts.js';

// The chat platforms' wiring shared by `arbot serve` (src/main.ts) and `arbot jobs run`, which posts the alerts
// it raises exactly as the server's alerts job would.

/** The Slack publisher of a process that only posts (no listeners): null when Slack is not configured. */
export function slackPublisherOnly(config: Config, sql: Sql): ChatPublisher | null {
  if (!config.SLACK_BOT_TOKEN) return null;
  return slackAlertPublisher(slackWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL), postgresChatMessages(sql), postgresChatPeople(sql));
}

/**
 * Microsoft Teams when MICROSOFT_APP_ID is set (every activity's token verified), or unauthenticated for the Bot
 * Framework Emulator and tests with TEAMS_LOCAL=1 (loopback requests only): POST /api/messages, and the alert
 * channel that posts cards proactively to owners' chats and the TEAMS_*_CONVERSATION channels.
 */
export function startTeams(config: Config, sql: Sql, log: Logger, now: () => Date, alsoRefresh?: SubjectRefresh) {
  const local = !config.MICROSOFT_APP_ID && config.TEAMS_LOCAL === '1';
  if (!config.MICROSOFT_APP_ID && !local) return null;
  if (local) log.warn('Teams: TEAMS_LOCAL=1 without MICROSOFT_APP_ID: /api/messages is NOT authenticated and accepts loopback requests only (Bot Framework Emulator, tests); never use it in production');
  const zone = config.COMPANY_TIMEZONE;
  const teams = createTeamsAdapter(
    { appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, appType: config.MICROSOFT_APP_TYPE, local },
    {
      sql, store: postgresChatActionStore(sql, now), log, now, zone,
      subjectView: (key, at) => subjectView(sql, key, at, zone),
      kpi: { store: postgresKpiStore(sql, zone), zone, now }, ...(alsoRefresh ? { alsoRefresh } : {}), rights: rightsSettings(config),
    },
  );
  const conversations = { sales: config.TEAMS_SALES_CONVERSATION ?? null, delivery: config.TEAMS_DELIVERY_CONVERSATION ?? null, finance: config.TEAMS_FINANCE_CONVERSATION ?? null };
  return {
    routes: teams.routes,
    alertChannel: teamsAlertChannel(sql, teams.messages, conversations),
    refresh: (result: DoneAction) => refreshCards(teams.deps, result),
  };
}

