import type { App, BlockAction, ButtonAction, RespondArguments } from '@slack/bolt';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildCustomerBlocks, buildCustomerChoiceBlocks, customerChoiceActionId } from '../../../blocks/slack/ar-blocks.js';
import { buildDsoBlocks, dsoFallbackText, dsoShareActionId } from '../../../blocks/slack/dso-blocks.js';
import { escapeMrkdwn } from '../../../blocks/slack/mrkdwn.js';
import { loadCustomerOverview } from '../../postgres/chat-views-customer.js';
import { parseDsoArgs } from '../../../src/domain/commands/dso-args.js';
import { lookupRefusal, mayLookUpCustomers } from '../../../src/domain/rights/customer-lookup.js';
import { dsoReport } from '../../../src/services/chat-commands/dso-report.js';
import type { SlackDeps } from '../slack-context.js';
import { slackActor } from '../slack-actor.js';

const arUsage = 'usage: /ar <customer name or ERP id>';

/**
 * `/dso [YYYY-MM-DD] [segment] [share]` and `/ar <customer>`. Each acks at once (Slack allows 3 s) and answers
 * through the response URL: privately by default, in the channel with `share` or the "Share in channel" button.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const dso = async (asOf: string | null, segment: string | null, shared: boolean): Promise<RespondArguments> => {
    const report = await dsoReport({ store: deps.kpis, zone: deps.zone, now: deps.now }, { asOf, segment });
    const opts = { asOf: report.asOf, ...(segment === null ? {} : { segment }), shared };
    return { response_type: shared ? 'in_channel' : 'ephemeral', text: dsoFallbackText(opts), blocks: buildDsoBlocks(report, opts) };
  };

  app.command('/dso', async ({ ack, command, respond }) => {
    const parsed = parseDsoArgs(command.text ?? '');
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: parsed.message });
      return;
    }
    await ack();
    const { asOf, segment, share } = parsed.args;
    await respond(await dso(asOf, segment, share));
  });

  app.action(dsoShareActionId, async ({ ack, action, body, respond }) => {
    await ack();
    // Only messages carry a response URL; this button is never on a view, and a forged click from one is ignored.
    if (!(body as BlockAction).response_url) return;
    const v = parseActionValue((action as ButtonAction).value, 'dso');
    if (!v.ok || v.value.kind !== 'dso') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'this button is out of date; run /dso again' });
      return;
    }
    if (!(await deps.store.firstTime(`${deps.platform ?? 'slack'}:${(action as ButtonAction).action_ts}:${(body as BlockAction).user.id}:dso_share`))) return;
    // The private answer goes away; the same report, as of the same date, is posted for everyone.
    await respond({ delete_original: true });
    await respond(await dso(v.value.asOf, v.value.segment ?? null, true));
  });

  // A lookup shows any customer's account: for the people arbot knows, unless AR_LOOKUP=anyone.
  const mayLookUp = async (client: Parameters<typeof slackActor>[1], userId: string, userName: string) =>
    deps.rights.arLookup === 'anyone' || mayLookUpCustomers(await slackActor(deps, client, userId, userName), deps.rights.arLookup);

  app.command('/ar', async ({ ack, command, respond, client }) => {
    const query = (command.text ?? '').trim();
    if (query === '') {
      await ack({ response_type: 'ephemeral', text: arUsage });
      return;
    }
    await ack();
    if (!(await mayLookUp(client, command.user_id, command.user_name))) {
      await respond({ response_type: 'ephemeral', text: lookupRefusal });
      return;
    }
    await respond(await arAnswer(deps, query));
  });

  app.action(customerChoiceActionId, async ({ ack, action, body, respond, client }) => {
    await ack();
    if (!(body as BlockAction).response_url) return;
    const user = (body as BlockAction).user;
    if (!(await mayLookUp(client, user.id, user.name ?? user.id))) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: lookupRefusal });
      return;
    }
    const v = parseActionValue((action as ButtonAction).value, 'customer');
    if (!v.ok || v.value.kind !== 'customer') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'this button is out of date; run /ar again' });
      return;
    }
    await respond({ ...(await arAnswer(deps, v.value.customerExternalId)), replace_original: true });
  });
}

async function arAnswer(deps: SlackDeps, query: string): Promise<RespondArguments> {
  const found = await loadCustomerOverview(deps.sql, query.slice(0, 200), deps.now(), deps.zone);
  if (found === null) {
    return { response_type: 'ephemeral', text: `No customer matches “${escapeMrkdwn(query.slice(0, 200))}”. Try part of the name or the ERP id.` };
  }
  if (found.kind === 'choices') {
    return { response_type: 'ephemeral', text: `${found.total} customers match “${escapeMrkdwn(query)}”`, blocks: buildCustomerChoiceBlocks(found.matches, query) };
  }
  return { response_type: 'ephemeral', text: `Receivables of ${escapeMrkdwn(found.overview.customerName)}`, blocks: buildCustomerBlocks(found.overview) };
}
