import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { parseActionData } from '../../../blocks/teams/action-data.js';
import { buildFullReplyCard } from '../../../blocks/teams/reply-cards.js';
import { subjectOfAction } from '../../../src/chat/action-subject.js';
import type { ChatAction } from '../../../src/chat/chat-action.js';
import type { ChatPerson, Outcome } from '../../../src/chat/interaction.js';
import { subjectKey, type SubjectRef } from '../../../src/domain/subject.js';
import { customerCard } from '../customer-card.js';
import { dsoCard } from '../dso-answer.js';
import { subjectCard, type TeamsDeps } from '../teams-context.js';
import { baseConversationId } from '../teams-conversations.js';
import { teamsPerson } from '../teams-person.js';
import { badRequest, cardAnswer, cardOr, textAnswer, type CardInvokeResponse } from './card-answers.js';

export type { CardInvokeResponse } from './card-answers.js';

/** The invoke's envelope, as Teams sends it for an Action.Execute. */
const invokeValue = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().max(100), data: z.unknown().optional() }).loose(),
}).loose();

/**
 * A click on a card's Action.Execute. Validates the value with zod, hands the action to the chat core (which
 * applies a redelivered invoke once, by its activity id) and answers with the clicked card as it now stands: on
 * success every card of the subject is also redrawn for everyone (Teams shows an invoke's answer to the clicker
 * only); a refusal is a line on top of the card for the clicker alone, like Slack's ephemeral reply.
 */
export async function handleCardAction(deps: TeamsDeps, context: TurnContext): Promise<CardInvokeResponse> {
  const envelope = invokeValue.safeParse(context.activity.value);
  if (!envelope.success) return badRequest('this card action is malformed');
  const { verb, data } = envelope.data.action;
  const parsed = parseActionData(verb, data);
  if (!parsed.ok) return badRequest('this button is out of date; use the latest message');
  const person = teamsPerson(context, deps.log);
  if (parsed.action.type === 'show_customer') return showCustomer(deps, person, parsed.action);
  if (parsed.action.type === 'show_dso_details') return showDsoDetails(deps, person, parsed.action);
  const clicked = (await clickedSubject(deps, context)) ?? subjectOfAction(parsed.action);
  // A redelivered invoke keeps its activity id; a second click is another activity and meets the service's checks.
  const id = context.activity.id;
  const delivery = id === undefined ? null : { key: `teams:${id}:${verb}`, forgetIfRefused: false };
  return answer(deps, await deps.core.handle({ person, action: parsed.action, delivery }), clicked);
}

async function answer(deps: TeamsDeps, outcome: Outcome, clicked: SubjectRef | null): Promise<CardInvokeResponse> {
  const card = (s: SubjectRef | null | undefined, notice?: string) => (s ? subjectCard(deps.core, s, notice) : Promise.resolve(null));
  switch (outcome.kind) {
    case 'repeat': return cardOr(await card(clicked), 'already done');
    case 'refused': return cardOr(await card(clicked, outcome.message), outcome.message);
    case 'done':
      try {
        await deps.core.redraw(outcome.subjects, outcome.thread, 'teams');
      } catch (err) {
        // The change is made and in the audit trail; only re-drawing other copies failed (Teams throttling or down).
        // The clicker still gets the current card below, and the next update of the subject redraws the others.
        deps.log.warn({ err: (err as Error).message, subjects: outcome.subjects.map(subjectKey) }, 'teams cards not refreshed after an action');
      }
      // An /ar card clicked (a doubt on late-payment charges resolved): redrawn as it now stands, with what was done.
      if (outcome.customer) return cardAnswer(await customerCard(deps.core.people, outcome.customer, outcome.thread));
      return cardOr(await card(clicked ?? outcome.subjects[0]), outcome.thread);
    case 'show':
      // "Full reply": the clicked card becomes the whole reply, with its controls, for the clicker alone.
      if (outcome.shown.show === 'reply') return cardAnswer(buildFullReplyCard(outcome.shown.reply, outcome.shown.fullText));
      return badRequest('this button is out of date; use the latest message');
    default:
      // Teams' forms are inline and its verbs show nothing else: nothing a card of arbot's sends.
      return badRequest('this button is out of date; use the latest message');
  }
}

/** The subject of the card that was clicked, when arbot posted it (the invoke's replyToId is the card's id). */
async function clickedSubject(deps: TeamsDeps, context: TurnContext): Promise<SubjectRef | null> {
  const { replyToId, conversation } = context.activity;
  if (!replyToId || !conversation?.id) return null;
  return deps.messages.subjectOf('teams', baseConversationId(conversation.id), replyToId);
}

/** The chooser's buttons show a customer like `ar` does: the core checks AR_LOOKUP before any read; not deduped. */
async function showCustomer(deps: TeamsDeps, person: ChatPerson, action: ChatAction): Promise<CardInvokeResponse> {
  const outcome = await deps.core.handle({ person, action, delivery: null });
  if (outcome.kind === 'refused') return textAnswer(outcome.message);
  const found = outcome.kind === 'show' && outcome.shown.show === 'customer' ? outcome.shown.found : null;
  if (found?.kind !== 'customer') return textAnswer('this customer no longer exists');
  return cardAnswer(await customerCard(deps.core.people, found.overview));
}

/**
 * A /dso summary's "Details": the clicked card becomes that currency's figures, for the clicker alone. Read-only
 * like `dso` itself, so not deduped: a second click shows them again.
 */
async function showDsoDetails(deps: TeamsDeps, person: ChatPerson, action: ChatAction): Promise<CardInvokeResponse> {
  const outcome = await deps.core.handle({ person, action, delivery: null });
  if (outcome.kind === 'refused') return textAnswer(outcome.message);
  return outcome.kind === 'show' && outcome.shown.show === 'dso' ? cardAnswer(dsoCard(outcome.shown)) : badRequest('this button is out of date; use the latest message');
}
