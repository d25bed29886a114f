import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { inputIds, parseActionData, teamsVerbs, type ParsedAction } from '../../../blocks/teams/action-data.js';
import { buildCustomerCard } from '../../../blocks/teams/ar-card.js';
import type { TeamsCard } from '../../../blocks/teams/adaptive-card.js';
import { customerDisputeReasonLabels } from '../../../src/domain/customer-dispute.js';
import { dateInZone } from '../../../src/domain/calendar-date.js';
import { decideApproval } from '../../../src/services/chat-actions/approval-actions.js';
import { decideChange } from '../../../src/services/chat-actions/change-actions.js';
import { defaultRightsSettings } from '../../../src/services/chat-actions/rights-settings.js';
import { lookupRefusal, mayLookUpCustomers } from '../../../src/domain/rights/customer-lookup.js';
import { addNote, claimDispute, openDisputeFromChat, setDisputeStatus } from '../../../src/services/chat-actions/dispute-actions.js';
import { logPromise, pauseReminders } from '../../../src/services/chat-actions/invoice-actions.js';
import type { ActionResult, Actor } from '../../../src/services/chat-actions/action-result.js';
import { loadCustomerOverview } from '../../postgres/chat-views-customer.js';
import { subjectOfMessage } from '../../postgres/chat-messages.js';
import { applyResult, subjectCard, type TeamsDeps } from '../teams-context.js';
import { baseConversationId } from '../teams-conversations.js';
import { teamsIdsOf } from '../teams-people.js';
import { teamsActor } from '../teams-actor.js';

/** The answer to an `adaptiveCard/action` invoke: a card (it replaces the clicked card for the clicker) or an error. */
export type CardInvokeResponse =
  | { readonly statusCode: 200; readonly type: 'application/vnd.microsoft.card.adaptive'; readonly value: TeamsCard['card'] }
  | { readonly statusCode: 200; readonly type: 'application/vnd.microsoft.activity.message'; readonly value: string }
  | { readonly statusCode: 400; readonly type: 'application/vnd.microsoft.error'; readonly value: { readonly code: string; readonly message: string } };

/** The invoke's envelope, as Teams sends it for an Action.Execute. */
const invokeValue = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().max(100), data: z.unknown().optional() }).loose(),
}).loose();

const badRequest = (message: string): CardInvokeResponse =>
  ({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } });
const cardAnswer = (card: TeamsCard): CardInvokeResponse =>
  ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.card });
const textAnswer = (text: string): CardInvokeResponse =>
  ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text });

/**
 * A click on a card's Action.Execute. Validates the value with zod, applies a redelivered invoke once (its
 * activity id), calls one service and answers with the clicked card as it now stands: on success every card of
 * the subject is also updated for everyone (Teams shows an invoke's answer to the clicker only); a refusal is a
 * line on top of the card for the clicker alone, like Slack's ephemeral reply.
 */
export async function handleCardAction(deps: TeamsDeps, context: TurnContext): Promise<CardInvokeResponse> {
  const envelope = invokeValue.safeParse(context.activity.value);
  if (!envelope.success) return badRequest('this card action is malformed');
  const parsed = parseActionData(envelope.data.action.verb, envelope.data.action.data);
  if (!parsed.ok) return badRequest('this button is out of date; use the latest message');
  const action = parsed.action;
  const clicked = await clickedSubject(deps, context) ?? defaultSubject(action);

  if (action.verb === teamsVerbs.showCustomer) {
    const lookup = (deps.rights ?? defaultRightsSettings).arLookup;
    // The chooser's buttons show a customer like `ar` does: the same rule (AR_LOOKUP), checked before any read.
    if (lookup !== 'anyone' && !mayLookUpCustomers(await teamsActor(deps, context), lookup)) return textAnswer(lookupRefusal);
    return showCustomer(deps, action.data.c);
  }
  // A redelivered invoke keeps its activity id; a second click is another activity and meets the service's checks.
  const id = context.activity.id;
  if (id !== undefined && !(await deps.store.firstTime(`teams:${id}:${action.verb}`))) {
    const card = clicked === null ? null : await subjectCard(deps, clicked);
    return card ? cardAnswer(card) : textAnswer('already done');
  }
  const result = await run(deps, await teamsActor(deps, context), action);
  if (!result.ok) {
    const card = clicked === null ? null : await subjectCard(deps, clicked, result.message);
    return card ? cardAnswer(card) : textAnswer(result.message);
  }
  try {
    await applyResult(deps, result);
  } catch (err) {
    // The change is made and in the audit trail; only re-drawing other copies failed (Teams throttling or down).
    // The clicker still gets the current card below, and the next update of the subject redraws the others.
    deps.log.warn({ err: (err as Error).message, subjects: result.refresh }, 'teams cards not refreshed after an action');
  }
  const card = await subjectCard(deps, clicked ?? result.refresh[0]!);
  return card ? cardAnswer(card) : textAnswer(result.thread);
}

function run(deps: TeamsDeps, actor: Actor, action: ParsedAction): Promise<ActionResult> {
  const today = dateInZone(deps.now(), deps.zone);
  const limits = (deps.rights ?? defaultRightsSettings).limits;
  switch (action.verb) {
    case teamsVerbs.claimDispute: return claimDispute(deps.store, actor, BigInt(action.data.d));
    case teamsVerbs.setDisputeStatus: return setDisputeStatus(deps.store, actor, BigInt(action.data.d), action.data[inputIds.status]);
    case teamsVerbs.approveEscalation: return decideApproval(deps.store, actor, BigInt(action.data.e), 'approved', null);
    case teamsVerbs.handlePersonally: return decideApproval(deps.store, actor, BigInt(action.data.e), 'personal', null);
    case teamsVerbs.refuseEscalation: return decideApproval(deps.store, actor, BigInt(action.data.e), 'refused', action.data[inputIds.refuseReason]);
    case teamsVerbs.logPromise: return logPromise(deps.store, actor, BigInt(action.data.i), {
      date: action.data[inputIds.promiseDate], amount: action.data[inputIds.promiseAmount], note: action.data[inputIds.promiseNote],
    }, today, limits);
    case teamsVerbs.pauseReminders: return pauseReminders(deps.store, actor, BigInt(action.data.i), {
      until: action.data[inputIds.holdUntil], reason: action.data[inputIds.holdReason],
    }, today, limits);
    case teamsVerbs.openDispute: {
      const comment = action.data[inputIds.disputeComment].trim();
      const reason = `${customerDisputeReasonLabels[action.data[inputIds.disputeReason]]}${comment === '' ? '' : `: ${comment}`}`;
      return openDisputeFromChat(deps.store, actor, BigInt(action.data.i), reason);
    }
    case teamsVerbs.addNote: {
      const target = 'd' in action.data ? { disputeId: BigInt(action.data.d) } : { invoiceId: BigInt(action.data.i) };
      return addNote(deps.store, actor, target, action.data[inputIds.note]);
    }
    case teamsVerbs.approveChange: return decideChange(deps.store, actor, BigInt(action.data.r), 'approved', null);
    case teamsVerbs.refuseChange: return decideChange(deps.store, actor, BigInt(action.data.r), 'refused', action.data[inputIds.refuseReason]);
    case teamsVerbs.showCustomer:
      return Promise.resolve({ ok: false, code: 'invalid', message: 'not an action' });
  }
}

/** The subject of the card that was clicked, when arbot posted it (the invoke's replyToId is the card's id). */
async function clickedSubject(deps: TeamsDeps, context: TurnContext): Promise<string | null> {
  const { replyToId, conversation } = context.activity;
  if (!replyToId || !conversation?.id) return null;
  return subjectOfMessage(deps.sql, 'teams', baseConversationId(conversation.id), replyToId);
}

/** A card arbot did not post (answers to commands, a lost row): the subject its action names. */
function defaultSubject(action: ParsedAction): string | null {
  const data = action.data as Record<string, string>;
  if (data.d !== undefined) return `dispute:${data.d}`;
  if (data.e !== undefined) return `approval:${data.e}`;
  if (data.r !== undefined) return `change:${data.r}`;
  if (data.i !== undefined) return `invoice:${data.i}`;
  return null;
}

async function showCustomer(deps: TeamsDeps, externalId: string): Promise<CardInvokeResponse> {
  const found = await loadCustomerOverview(deps.sql, externalId, deps.now(), deps.zone);
  if (found?.kind !== 'customer') return textAnswer('this customer no longer exists');
  const o = found.overview;
  return cardAnswer(buildCustomerCard(o, await teamsIdsOf(deps.sql, [o.owners.sales, o.owners.delivery, ...o.disputes.map((d) => d.owner)].filter((x) => x !== null))));
}
