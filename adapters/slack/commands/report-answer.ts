import type { RespondArguments } from '@slack/bolt';
import { buildReviewMessage } from '../../../blocks/slack/review-blocks.js';
import { buildTeamMessage } from '../../../blocks/slack/team-blocks.js';
import type { Outcome } from '../../../src/chat/interaction.js';

/** `/review` and `/team` answered privately: the report, or what was refused and why. */
export function reportAnswer(outcome: Outcome): RespondArguments | null {
  if (outcome.kind === 'refused') return { response_type: 'ephemeral', text: outcome.message };
  if (outcome.kind !== 'show') return null;
  if (outcome.shown.show === 'review') return { response_type: 'ephemeral', ...buildReviewMessage(outcome.shown.review) };
  if (outcome.shown.show === 'team') return { response_type: 'ephemeral', ...buildTeamMessage(outcome.shown.team) };
  return null;
}
