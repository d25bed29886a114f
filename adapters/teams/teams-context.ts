import { buildAlertCard, ownersIn } from '../../blocks/teams/alert-cards.js';
import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { SubjectRef } from '../../src/domain/subject.js';
import type { Logger } from '../../src/log.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { ChatPeople } from '../../src/ports/chat-views.js';
import type { TeamsConversationStore } from '../../src/ports/teams-conversations.js';
import type { AlertView } from '../../src/views/alert-view.js';

/** What every Teams handler needs; built once in src/wire/chat-platforms.ts (tests build their own). */
export interface TeamsDeps {
  /** Handles every click and command (rights, services, what to redraw) and reads the views cards show. */
  readonly core: ChatCore;
  /** Which card arbot posted where: a click's card is re-checked against it. */
  readonly messages: ChatMessages;
  /** Where arbot can post in Teams (captured on install and on every message). */
  readonly conversations: TeamsConversationStore;
  readonly log: Logger;
}

/** An alert view's card, with its owners mentioned by Teams id; `notice` shows on top (for the clicker alone). */
export async function alertCard(people: ChatPeople, view: AlertView, notice?: string): Promise<TeamsCard> {
  return buildAlertCard(view, { teamsIds: await people.teamsIds(ownersIn(view)), ...(notice === undefined ? {} : { notice }) });
}

/** A subject's card as it stands; null when the subject no longer exists. */
export async function subjectCard(core: ChatCore, subject: SubjectRef, notice?: string): Promise<TeamsCard | null> {
  const view = await core.views.subjectView(subject, core.now());
  return view ? alertCard(core.people, view, notice) : null;
}
