import { TurnContext, type Activity } from 'botbuilder';
import { buildCustomerChoiceCard } from '../../../blocks/teams/ar-card.js';
import { buildFullReplyCard } from '../../../blocks/teams/reply-cards.js';
import { buildReviewCard } from '../../../blocks/teams/review-card.js';
import { buildTeamCard } from '../../../blocks/teams/team-card.js';
import { escapeTeamsMarkdown } from '../../../blocks/teams/teams-markdown.js';
import type { ChatAction } from '../../../src/chat/chat-action.js';
import type { ChatShown } from '../../../src/chat/interaction.js';
import { decodeReportCommand, isReportCommand } from '../../../src/chat/report-command-text.js';
import { parseDsoArgs } from '../../../src/domain/commands/dso-args.js';
import { customerCard } from '../customer-card.js';
import { dsoCard } from '../dso-answer.js';
import type { TeamsDeps } from '../teams-context.js';
import { cardActivity } from '../teams-messages.js';
import { teamsPerson } from '../teams-person.js';

export const teamsUsage = 'Try **dso** [YYYY-MM-DD] [top|standard|at_risk] for the receivables KPIs, **ar** <customer> for one account, '
  + '**review** [YYYY-MM] for the monthly top-account review, or **team** [owner] for collections per owner and team.';

const text = (t: string): Partial<Activity> => ({ type: 'message', text: t, textFormat: 'markdown' });

/**
 * `@arbot dso [date] [segment]`, `@arbot ar <customer>`, `@arbot review [month]` and `@arbot team [owner]`, in a channel (arbot is mentioned) or in a chat with
 * it: the same content as Slack's /dso and /ar, through the same chat core.
 */
export async function handleCommand(deps: TeamsDeps, context: TurnContext): Promise<void> {
  const words = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').replace(/<[^>]*>/g, ' ').trim();
  const [head = '', ...rest] = words.split(/\s+/);
  const command = head.replace(/^\//, '').toLowerCase();
  const args = rest.join(' ');
  if (command === 'dso') {
    const parsed = parseDsoArgs(args);
    if (!parsed.ok) return void (await context.sendActivity(text(escapeTeamsMarkdown(parsed.message.replace('/dso', '@arbot dso')))));
    return run(deps, context, { type: 'show_dso', asOf: parsed.args.asOf, segment: parsed.args.segment, share: parsed.args.share }, args);
  }
  if (isReportCommand(command)) {
    const decoded = decodeReportCommand(command, args);
    if (!decoded.ok) return void (await context.sendActivity(text(escapeTeamsMarkdown(decoded.message.replace(`/${command}`, `@arbot ${command}`)))));
    return run(deps, context, decoded.action, args);
  }
  // The core checks AR_LOOKUP before anything else, an empty query included.
  if (command === 'ar') return run(deps, context, { type: 'show_customer', query: args }, args);
  await context.sendActivity(text(`${command === '' || command === 'help' ? '' : `I don't know “${escapeTeamsMarkdown(head.slice(0, 40))}”. `}${teamsUsage}`));
}

async function run(deps: TeamsDeps, context: TurnContext, action: ChatAction, query: string): Promise<void> {
  const outcome = await deps.core.handle({ person: teamsPerson(context, deps.log), action, delivery: null });
  if (outcome.kind === 'refused') return void (await context.sendActivity(text(outcome.message)));
  if (outcome.kind === 'show') await context.sendActivity(await render(deps, outcome.shown, query));
}

async function render(deps: TeamsDeps, shown: ChatShown, query: string): Promise<Partial<Activity>> {
  if (shown.show === 'dso') return cardActivity(dsoCard(shown));
  // No Teams command shows Slack's App Home.
  if (shown.show === 'home') return text(teamsUsage);
  // A reply's "Full reply" button answers its invoke (actions/); drawn the same wherever the core shows it.
  if (shown.show === 'reply') return cardActivity(buildFullReplyCard(shown.reply, shown.fullText));
  if (shown.show === 'review') return cardActivity(buildReviewCard(shown.review));
  if (shown.show === 'team') return cardActivity(buildTeamCard(shown.team));
  if (shown.query === '') return text('Which customer? **ar** <part of the name or the ERP id>');
  // The query as typed, as before: the core looked up its first 200 characters.
  if (shown.found === null) return cardActivity(buildCustomerChoiceCard([], query));
  if (shown.found.kind === 'choices') return cardActivity(buildCustomerChoiceCard(shown.found.matches, query));
  return cardActivity(await customerCard(deps.core.people, shown.found.overview));
}
