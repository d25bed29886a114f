import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresTeamsConversations } from '../../adapters/postgres/teams-conversations.js';
import { teamsAlertChannel } from '../../adapters/teams/teams-alert-publisher.js';
import type { TeamsDeps } from '../../adapters/teams/teams-context.js';
import type { TeamsMessages } from '../../adapters/teams/teams-messages.js';
import type { TeamChannels } from '../../src/domain/alert-routing.js';
import type { AlertChannel } from '../../src/services/dispatch-alerts.js';
import type { RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { quietLog } from './cadence-ledger.js';

/**
 * The Teams handlers' dependencies on a test database, as src/wire/chat-platforms.ts builds them: a chat core of
 * its own (no surface registered: a test adds the ones it observes) and the Postgres stores.
 */
export function teamsDepsOn(sql: Sql, opts: { now: () => Date; zone: string; rights?: RightsSettings }): TeamsDeps {
  const { core, messages } = chatCoreOn(sql, { log: quietLog, ...opts });
  return { core, messages, conversations: postgresTeamsConversations(sql), log: quietLog };
}

/** Alerts to Teams through `messages`, routed as src/wire/chat-platforms.ts routes them. */
export function teamsAlertChannelOn(sql: Sql, deps: TeamsDeps, messages: TeamsMessages, teams: TeamChannels): AlertChannel {
  return teamsAlertChannel(deps.core.people, messages, (alert) => loadRoutingFacts(sql, alert, 'teams'), teams);
}
