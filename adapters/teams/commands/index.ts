import { TurnContext, type Activity } from 'botbuilder';
import { buildCustomerCard, buildCustomerChoiceCard } from '../../../blocks/teams/ar-card.js';
import { buildDsoCard } from '../../../blocks/teams/dso-card.js';
import { escapeTeamsMarkdown } from '../../../blocks/teams/teams-markdown.js';
import { parseDsoArgs } from '../../../src/domain/commands/dso-args.js';
import { lookupRefusal, mayLookUpCustomers } from '../../../src/domain/rights/customer-lookup.js';
import { defaultRightsSettings } from '../../../src/services/chat-actions/rights-settings.js';
import { dsoReport } from '../../../src/services/chat-commands/dso-report.js';
import { loadCustomerOverview } from '../../postgres/chat-views-customer.js';
import type { TeamsDeps } from '../teams-context.js';
import { cardActivity } from '../teams-messages.js';
import { teamsActor } from '../teams-actor.js';
import { teamsIdsOf } from '../teams-people.js';

export const teamsUsage = 'Try **dso** [YYYY-MM-DD] [top|standard|at_risk] for the receivables KPIs, or **ar** <customer> for one account.';

const text = (t: string): Partial<Activity> => ({ type: 'message', text: t, textFormat: 'markdown' });

/**
 * `@arbot dso [date] [segment]` and `@arbot ar <customer>`, in a channel (arbot is mentioned) or in a chat with
 * it: the same content as Slack's /dso and /ar, from the same services and view loaders.
 */
export async function handleCommand(deps: TeamsDeps, context: TurnContext): Promise<void> {
  const words = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').replace(/<[^>]*>/g, ' ').trim();
  const [head = '', ...rest] = words.split(/\s+/);
  const command = head.replace(/^\//, '').toLowerCase();
  const args = rest.join(' ');
  if (command === 'dso') return dso(deps, context, args);
  if (command === 'ar') return ar(deps, context, args);
  await context.sendActivity(text(`${command === '' || command === 'help' ? '' : `I don't know “${escapeTeamsMarkdown(head.slice(0, 40))}”. `}${teamsUsage}`));
}

async function dso(deps: TeamsDeps, context: TurnContext, args: string): Promise<void> {
  const parsed = parseDsoArgs(args);
  if (!parsed.ok) {
    await context.sendActivity(text(escapeTeamsMarkdown(parsed.message.replace('/dso', '@arbot dso'))));
    return;
  }
  const report = await dsoReport(deps.kpi, { asOf: parsed.args.asOf, segment: parsed.args.segment });
  await context.sendActivity(cardActivity(buildDsoCard(report, { asOf: report.asOf, segment: parsed.args.segment ?? undefined })));
}

async function ar(deps: TeamsDeps, context: TurnContext, query: string): Promise<void> {
  const lookup = (deps.rights ?? defaultRightsSettings).arLookup;
  if (lookup !== 'anyone' && !mayLookUpCustomers(await teamsActor(deps, context), lookup)) {
    await context.sendActivity(text(lookupRefusal));
    return;
  }
  if (query.trim() === '') {
    await context.sendActivity(text('Which customer? **ar** <part of the name or the ERP id>'));
    return;
  }
  const found = await loadCustomerOverview(deps.sql, query, deps.now(), deps.zone);
  if (found === null) {
    await context.sendActivity(cardActivity(buildCustomerChoiceCard([], query)));
    return;
  }
  if (found.kind === 'choices') {
    await context.sendActivity(cardActivity(buildCustomerChoiceCard(found.matches, query)));
    return;
  }
  const o = found.overview;
  const people = [o.owners.sales, o.owners.delivery, ...o.disputes.map((d) => d.owner)].filter((p) => p !== null);
  await context.sendActivity(cardActivity(buildCustomerCard(o, await teamsIdsOf(deps.sql, people))));
}
