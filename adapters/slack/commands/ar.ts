import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import { actionValueData } from '../../../blocks/slack/action-value.js';
import { buildCustomerBlocks, buildCustomerChoiceBlocks, customerChoiceActionId } from '../../../blocks/slack/ar-blocks.js';
import { escapeMrkdwn } from '../../../blocks/slack/mrkdwn.js';
import { decodeAction } from '../../../src/chat/chat-action.js';
import type { ChatPerson } from '../../../src/chat/interaction.js';
import type { CustomerLookup } from '../../../src/ports/chat-views.js';
import type { CustomerOverview } from '../../../src/views/customer-view.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';

const arUsage = 'usage: /ar <customer name or ERP id>';

/**
 * `/ar <customer>` and the chooser's buttons when several customers match. The command acks at once (the usage in
 * the ack itself) and answers privately through the response URL; a person who may not look customers up is told so.
 */
export function registerAr(app: App, deps: SlackDeps): void {
  const platform = platformOf(deps);
  /** The lookup's answer as Slack shows it, or the refusal's text (the core checks who may look customers up). */
  const lookUp = async (person: ChatPerson, query: string): Promise<{ refused: string } | { answer: RespondArguments }> => {
    const outcome = await deps.core.handle({ person, action: { type: 'show_customer', query }, delivery: null });
    if (outcome.kind === 'refused') return { refused: outcome.message };
    if (outcome.kind !== 'show' || outcome.shown.show !== 'customer') throw new Error(`a customer lookup came to ${outcome.kind}`);
    return { answer: arAnswer(outcome.shown.found, query) };
  };

  app.command('/ar', async ({ ack, command, respond, client }) => {
    const query = (command.text ?? '').trim();
    if (query === '') return ack({ response_type: 'ephemeral', text: arUsage });
    await ack();
    const r = await lookUp(slackPerson(client, { id: command.user_id, name: command.user_name }, platform), query);
    await respond('refused' in r ? { response_type: 'ephemeral', text: r.refused } : r.answer);
  });

  app.action(customerChoiceActionId, async ({ ack, action, body, respond, client }) => {
    await ack();
    const b = body as BlockAction;
    if (!b.response_url) return;
    const data = actionValueData((action as ButtonAction).value, ['customer']);
    const decoded = data === null ? null : decodeAction(customerChoiceActionId, data);
    if (!decoded?.ok || decoded.action.type !== 'show_customer') {
      return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'this button is out of date; run /ar again' }));
    }
    const r = await lookUp(slackPerson(client, { id: b.user.id, name: b.user.name ?? b.user.id }, platform), decoded.action.query);
    // A refusal leaves the chooser in place; an answer replaces it.
    await respond('refused' in r ? { response_type: 'ephemeral', replace_original: false, text: r.refused } : { ...r.answer, replace_original: true });
  });
}

function arAnswer(found: CustomerLookup | null, query: string): RespondArguments {
  if (found === null) {
    return { response_type: 'ephemeral', text: `No customer matches “${escapeMrkdwn(query.slice(0, 200))}”. Try part of the name or the ERP id.` };
  }
  if (found.kind === 'choices') {
    return { response_type: 'ephemeral', text: `${found.total} customers match “${escapeMrkdwn(query)}”`, blocks: buildCustomerChoiceBlocks(found.matches, query) };
  }
  return customerAnswer(found.overview);
}

/** One customer's `/ar` answer (also redrawn in place after a click on it that changes what it shows). */
export function customerAnswer(overview: CustomerOverview): RespondArguments {
  return { response_type: 'ephemeral', text: `Receivables of ${escapeMrkdwn(overview.customerName)}`, blocks: buildCustomerBlocks(overview) };
}
