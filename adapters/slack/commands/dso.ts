import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import { actionValueData } from '../../../blocks/slack/action-value.js';
import { buildDsoDetailsBlocks, dsoDetailsFallbackText } from '../../../blocks/slack/dso-details-blocks.js';
import { buildDsoBlocks, dsoDetailsActionId, dsoFallbackText, dsoShareActionId } from '../../../blocks/slack/dso-blocks.js';
import { decodeAction } from '../../../src/chat/chat-action.js';
import type { Interaction, Outcome } from '../../../src/chat/interaction.js';
import { parseDsoArgs } from '../../../src/domain/commands/dso-args.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';

/**
 * The report as Slack shows it: the summary privately by default, for everyone in the channel when shared; one
 * currency's details privately, as a new message under the summary (which stays).
 */
function dsoAnswer(outcome: Outcome): RespondArguments | null {
  if (outcome.kind !== 'show' || outcome.shown.show !== 'dso') return null;
  const { report, segment, share, details, chartUrl } = outcome.shown;
  const scope = { asOf: report.asOf, ...(segment === null ? {} : { segment }) };
  if (details !== null) {
    const opts = { ...scope, currency: details };
    return { response_type: 'ephemeral', replace_original: false, text: dsoDetailsFallbackText(opts), blocks: buildDsoDetailsBlocks(report, opts) };
  }
  const opts = { ...scope, shared: share, chartUrl };
  return { response_type: share ? 'in_channel' : 'ephemeral', text: dsoFallbackText(opts), blocks: buildDsoBlocks(report, opts) };
}

const stale = { response_type: 'ephemeral', replace_original: false, text: 'this button is out of date; run /dso again' } as const;

/** A click on one of the summary's buttons, read and handed to the core; null when the value is stale or forged. */
function buttonInteraction(deps: SlackDeps, actionId: string, action: ButtonAction, b: BlockAction, client: Parameters<typeof slackPerson>[0]): Interaction | null {
  const platform = platformOf(deps);
  const data = actionValueData(action.value, ['dso']);
  const decoded = data === null ? null : decodeAction(actionId, data);
  if (!decoded?.ok) return null;
  return {
    person: slackPerson(client, { id: b.user.id, name: b.user.name ?? b.user.id }, platform),
    action: decoded.action,
    delivery: { key: `${platform}:${action.action_ts}:${b.user.id}:${actionId}`, forgetIfRefused: false },
  };
}

/**
 * `/dso [YYYY-MM-DD] [segment] [share]`, its "Share in channel" button and its "Details" buttons. The command acks
 * at once (a usage error in the ack itself) and answers through the response URL.
 */
export function registerDso(app: App, deps: SlackDeps): void {
  const platform = platformOf(deps);
  app.command('/dso', async ({ ack, command, respond, client }) => {
    const parsed = parseDsoArgs(command.text ?? '');
    if (!parsed.ok) return ack({ response_type: 'ephemeral', text: parsed.message });
    await ack();
    const person = slackPerson(client, { id: command.user_id, name: command.user_name }, platform);
    const answer = dsoAnswer(await deps.core.handle({ person, action: { type: 'show_dso', ...parsed.args }, delivery: null }));
    if (answer) await respond(answer);
  });

  app.action(dsoShareActionId, async ({ ack, action, body, respond, client }) => {
    await ack();
    const b = body as BlockAction;
    // Only messages carry a response URL; this button is never on a view, and a forged click from one is ignored.
    if (!b.response_url) return;
    const interaction = buttonInteraction(deps, dsoShareActionId, action as ButtonAction, b, client);
    if (!interaction || interaction.action.type !== 'show_dso') return void (await respond(stale));
    const answer = dsoAnswer(await deps.core.handle(interaction));
    if (!answer) return;
    // The private answer goes away; the same report, as of the same date, is posted for everyone.
    await respond({ delete_original: true });
    await respond(answer);
  });

  app.action(dsoDetailsActionId, async ({ ack, action, body, respond, client }) => {
    await ack();
    const b = body as BlockAction;
    if (!b.response_url) return;
    const interaction = buttonInteraction(deps, dsoDetailsActionId, action as ButtonAction, b, client);
    if (!interaction || interaction.action.type !== 'show_dso_details') return void (await respond(stale));
    const answer = dsoAnswer(await deps.core.handle(interaction));
    if (answer) await respond(answer);
  });
}
