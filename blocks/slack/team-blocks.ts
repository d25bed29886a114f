import type { TeamView } from '../../src/views/team-view.js';
import {
  teamFacts, teamFootnote, teamHeader, teamMoreOwners, teamNobody, teamNoMatch, teamOwnerTitle, teamOwnersShown, teamOwnersTitle, teamOwnScope,
  teamSummary, teamTotalsTitle, teamTotalTitle,
} from '../wording/team-wording.js';
import { contextBlock, dividerBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { fieldText } from './invoice-text.js';
import { mrkdwnMarks as md, plainTextMarks as plain } from './mrkdwn.js';

function ownerBlocks(v: TeamView): KnownBlock[] {
  if (v.owners.length === 0) return [sectionBlock(v.query === null ? teamNobody : teamNoMatch(v.query, md))];
  const shown = v.owners.slice(0, teamOwnersShown);
  const hidden = v.owners.length - shown.length;
  return [
    ...shown.map((o) => fieldsBlock(teamFacts(o, md).map(fieldText), teamOwnerTitle(o, md))),
    ...(hidden === 0 ? [] : [contextBlock([teamMoreOwners(hidden)])]),
  ];
}

/**
 * The `/team [owner]` answer: each owner's overdue owned, dispute work, promises kept and approvals pending (at
 * most `teamOwnersShown`, then "…and N more owners"), then each team's totals. One section per line: 30 blocks
 * at most (three teams).
 * @example buildTeamMessage(view).blocks[0] // the header "Team report · as of 2026-03-31"
 */
export function buildTeamMessage(v: TeamView): SlackMessage {
  return {
    text: teamSummary(v),
    blocks: [
      headerBlock(teamHeader(v, plain)),
      ...(v.scope === 'own' ? [contextBlock([teamOwnScope])] : []),
      sectionBlock(`*${teamOwnersTitle}*`),
      ...ownerBlocks(v),
      dividerBlock(),
      sectionBlock(`*${teamTotalsTitle}*`),
      ...v.teams.map((t) => fieldsBlock(teamFacts(t, md).map(fieldText), teamTotalTitle(t, md))),
      contextBlock([teamFootnote(v)]),
    ],
  };
}
