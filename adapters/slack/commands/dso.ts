import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import { actionValueData } from '../../../blocks/slack/action-value.js';
import { buildDsoBlocks, dsoFallbackText, dsoShareActionId } from '../../../blocks/slack/dso-blocks.js';
import { decodeAction } from '../../../src/chat/chat-action.js';
import type { Interaction, Outcome } from '../../../src/chat/interaction.js';
import { parseDsoArgs } from '../../../src/domain/commands/dso-args.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';

/** The report as Slack shows it: privately by default, for everyone in the channel when shared. */
function dsoAnswer(outcome: Outcome): RespondArguments | null {
  if (outcome.kind !== 'show' || outcome.shown.show !== 'dso') return null;
  const { report, segment, share } = outcome.shown;
  const opts = { asOf: report.asOf, ...(segment === null ? {} : { segment }), shared: share };
  return { response_type: share ? 'in_channel' : 'ephemeral', text: dsoFallbackText(opts), blocks: buildDsoBlocks(report, opts) };
}

/**
 * `/dso [YYYY-MM-DD] [segment] [share]` and its "Share in channel" button. The command acks at once (a usage
 * error in the ack itself) and answers through the response URL.
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
    const data = actionValueData((action as ButtonAction).value, ['dso']);
    const decoded = data === null ? null : decodeAction(dsoShareActionId, data);
    if (!decoded?.ok) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'this button is out of date; run /dso again' }));
    const interaction: Interaction = {
      person: slackPerson(client, { id: b.user.id, name: b.user.name ?? b.user.id }, platform),
      action: decoded.action,
      delivery: { key: `${platform}:${(action as ButtonAction).action_ts}:${b.user.id}:dso_share`, forgetIfRefused: false },
    };
    const answer = dsoAnswer(await deps.core.handle(interaction));
    if (!answer) return;
    // The private answer goes away; the same report, as of the same date, is posted for everyone.
    await respond({ delete_original: true });
    await respond(answer);
  });
}
