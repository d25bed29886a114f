import { disputeStatuses, statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { DisputeFacts, OwnerRef } from '../../src/views/alert-view.js';
import { ccText, claimText, disputeFacts as disputeFactsWords, disputeHeader, disputeIntro, disputeSummary, priorityOneText } from '../wording/dispute-wording.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, factSet, headerBlock, noteBlock, showCard, textBlock,
  type CardElement, type Container, type InputChoiceSet, type TeamsCard,
} from './adaptive-card.js';
import { noteForm } from './invoice-forms.js';
import { factPairs } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { escapeTeamsMarkdown, teamsMarks as md, teamsPlainMarks as plain, truncateText } from './teams-markdown.js';

/** A customer's or a person's words, set apart in a shaded box (Teams cards have no block quote). */
export function quoteBox(text: string, max = 1500): Container {
  return { type: 'Container', style: 'emphasis', items: [textBlock(truncateText(escapeTeamsMarkdown(text), max))] };
}

/**
 * The dispute's controls: "Claim" while nobody owns it, "Set status" (a menu preset to the current status) and a
 * note. Once claimed, the claim button is gone and the owner is named above the controls instead.
 */
export function disputeControls(dispute: DisputeFacts, mentions: Mentions): CardElement[] {
  const data = { d: dispute.disputeId };
  const status: InputChoiceSet = {
    type: 'Input.ChoiceSet',
    id: inputIds.status,
    label: 'Status',
    style: 'compact',
    value: dispute.status,
    isRequired: true,
    errorMessage: 'Choose a status',
    choices: disputeStatuses.map((s) => ({ title: statusLabels[s], value: s })),
  };
  return [
    noteBlock(claimText(dispute, (o) => mentions.name(o), md)),
    actionSet([
      ...(dispute.owner === null ? [execute('Claim', teamsVerbs.claimDispute, data, 'positive')] : []),
      showCard('Set status', [status], execute('Set status', teamsVerbs.setDisputeStatus, data)),
      noteForm(data),
    ]),
  ];
}

export const disputeFacts = (dispute: DisputeFacts): [string, string][] => factPairs(disputeFactsWords(dispute, md));

/** A new or changed dispute. Priority 1 (unresolved 48 h after it opened) is marked in the title and the summary. */
export function buildDisputeCard(dispute: DisputeFacts, people: readonly OwnerRef[], mentions: Mentions, notice: CardElement[]): TeamsCard {
  const cc = ccText(people, (o) => mentions.name(o));
  const body: CardElement[] = [
    ...notice,
    headerBlock(disputeHeader(dispute, md)),
    textBlock(disputeIntro(dispute, md)),
    quoteBox(dispute.reason),
    factSet(disputeFacts(dispute)),
    ...(dispute.priority === 1 ? [textBlock(priorityOneText(dispute, md), { color: 'Attention' })] : []),
    ...(cc === null ? [] : [noteBlock(cc)]),
    ...disputeControls(dispute, mentions),
  ];
  const summary = disputeSummary(dispute, plain);
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
