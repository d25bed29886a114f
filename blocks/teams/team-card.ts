import type { TeamLineFigures, TeamView } from '../../src/views/team-view.js';
import {
  teamFacts, teamFootnote, teamHeader, teamMoreOwners, teamNobody, teamNoMatch, teamOwnerTitle, teamOwnersShown, teamOwnersTitle, teamOwnScope,
  teamSummary, teamTotalsTitle, teamTotalTitle,
} from '../wording/team-wording.js';
import { factSet, headerBlock, noteBlock, textBlock, type CardElement, type Container, type TeamsCard } from './adaptive-card.js';
import { fitCard } from './fit-card.js';
import { factPairs } from './invoice-text.js';
import { teamsMarks as md } from './teams-markdown.js';

// The `@arbot team [owner]` answer; the words are blocks/wording/team-wording.ts, as on Slack.

const lineBlock = (title: string, f: TeamLineFigures): Container => ({
  type: 'Container', separator: true, items: [textBlock(title), factSet(factPairs(teamFacts(f, md)))],
});

/**
 * The same content as Slack's `/team`: each owner (as many as fit Teams' message size, at most
 * `teamOwnersShown`, then "…and N more owners"), then each team's totals.
 */
export function buildTeamCard(v: TeamView): TeamsCard {
  const summary = teamSummary(v);
  const head: CardElement[] = [headerBlock(teamHeader(v, md)), ...(v.scope === 'own' ? [noteBlock(teamOwnScope)] : []), textBlock(md.strong(teamOwnersTitle))];
  const teams: CardElement[] = [textBlock(md.strong(teamTotalsTitle)), ...v.teams.map((t) => lineBlock(teamTotalTitle(t, md), t)), noteBlock(teamFootnote(v))];
  const empty = v.owners.length === 0 ? [textBlock(v.query === null ? teamNobody : teamNoMatch(v.query, md))] : [];
  const owners = v.owners.map((o) => lineBlock(teamOwnerTitle(o, md), o));
  const { card } = fitCard((list) => [...head, ...empty, ...list, ...teams], owners, teamOwnersShown, teamMoreOwners, summary);
  return { card, summary };
}
