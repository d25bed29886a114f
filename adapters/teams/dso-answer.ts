import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import { buildDsoCard } from '../../blocks/teams/dso-card.js';
import { buildDsoDetailsCard } from '../../blocks/teams/dso-details-card.js';
import type { ChatShown } from '../../src/chat/interaction.js';

/** What the core's /dso outcome shows on Teams: the summary with its chart, or (a "Details" button) one currency in full. */
export function dsoCard(shown: Extract<ChatShown, { show: 'dso' }>): TeamsCard {
  const scope = { asOf: shown.report.asOf, segment: shown.segment ?? undefined };
  if (shown.details !== null) return buildDsoDetailsCard(shown.report, { ...scope, currency: shown.details });
  return buildDsoCard(shown.report, { ...scope, chartUrl: shown.chartUrl });
}
