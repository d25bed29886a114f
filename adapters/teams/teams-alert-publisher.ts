import type { RoutingFacts, TeamChannels } from '../../src/domain/alert-routing.js';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { AlertChannel, ChatPublisher, PendingAlert } from '../../src/services/dispatch-alerts.js';
import { threadOf } from '../../src/views/alert-view.js';
import { alertCard } from './teams-context.js';
import type { TeamsMessages } from './teams-messages.js';

/**
 * Alerts to Teams: an Adaptive Card from the view, one message per subject per conversation, updated in place.
 * A view that goes in a thread (a customer's reply, under its invoice's card) publishes its parent first, as it
 * stands (posted where missing, else updated), then goes in the parent's reply chain.
 */
export function teamsAlertPublisher(people: ChatPeople, messages: TeamsMessages): ChatPublisher {
  return {
    platform: 'teams',
    async publish(subject, conversationId, view) {
      const parent = threadOf(view);
      const thread = parent === null ? null : await messages.publish(parent.subject, conversationId, await alertCard(people, parent.view));
      await messages.publish(subject, conversationId, await alertCard(people, view), thread);
    },
  };
}

/**
 * Teams as one of the platforms alerts are dispatched to: `routing` names the owners whose alerts go to Teams,
 * in their conversation, else the team conversations (TEAMS_*_CONVERSATION).
 */
export function teamsAlertChannel(
  people: ChatPeople, messages: TeamsMessages, routing: (alert: PendingAlert) => Promise<RoutingFacts>, teams: TeamChannels,
): AlertChannel {
  return { publisher: teamsAlertPublisher(people, messages), routing, teams };
}
