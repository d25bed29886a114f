import { buildAlertCard, ownersIn } from '../../blocks/teams/alert-cards.js';
import { loadRoutingFacts } from '../postgres/chat-views-subjects.js';
import type { Sql } from '../postgres/connect.js';
import type { TeamChannels } from '../../src/domain/alert-routing.js';
import type { AlertChannel, ChatPublisher } from '../../src/services/dispatch-alerts.js';
import type { TeamsMessages } from './teams-messages.js';
import { teamsIdsOf } from './teams-people.js';

/** Alerts to Teams: an Adaptive Card from the view, one message per subject per conversation, updated in place. */
export function teamsAlertPublisher(sql: Sql, messages: TeamsMessages): ChatPublisher {
  return {
    platform: 'teams',
    async publish(subjectKey, conversationId, view) {
      await messages.publish(subjectKey, conversationId, buildAlertCard(view, { teamsIds: await teamsIdsOf(sql, ownersIn(view)) }));
    },
  };
}

/**
 * Teams as one of the platforms alerts are dispatched to: owners whose alerts go to Teams (see loadRoutingFacts),
 * in their conversation, else the team conversations (TEAMS_*_CONVERSATION).
 */
export function teamsAlertChannel(sql: Sql, messages: TeamsMessages, teams: TeamChannels): AlertChannel {
  return { publisher: teamsAlertPublisher(sql, messages), routing: (alert) => loadRoutingFacts(sql, alert, 'teams'), teams };
}
