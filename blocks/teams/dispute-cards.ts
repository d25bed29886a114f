import { disputeStatuses, statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { DisputeFacts, OwnerRef } from '../../src/views/alert-view.js';
import { ageLabel } from '../slack/dispute-alerts.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, factSet, headerBlock, noteBlock, showCard, textBlock,
  type CardElement, type Container, type InputChoiceSet, type TeamsCard,
} from './adaptive-card.js';
import { noteForm } from './invoice-forms.js';
import { overdueLabel } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { bold, escapeTeamsMarkdown, truncateText } from './teams-markdown.js';

const sourceLabels: Readonly<Record<DisputeFacts['source'], string>> = {
  import: 'ERP import',
  api: 'ERP API',
  chat: 'chat',
  customer_link: "the customer's dispute page",
  demo: 'demo ledger',
};

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
    noteBlock(dispute.owner === null ? '👤 Unclaimed: claim it to own the follow-up.' : `👤 Claimed by ${mentions.name(dispute.owner)}`),
    actionSet([
      ...(dispute.owner === null ? [execute('Claim', teamsVerbs.claimDispute, data, 'positive')] : []),
      showCard('Set status', [status], execute('Set status', teamsVerbs.setDisputeStatus, data)),
      noteForm(data),
    ]),
  ];
}

export function disputeFacts(dispute: DisputeFacts): [string, string][] {
  const inv = dispute.invoice;
  return [
    ['Customer', escapeTeamsMarkdown(inv.customerName)],
    ['Invoice', escapeTeamsMarkdown(inv.number)],
    ['Amount due', escapeTeamsMarkdown(inv.amountDue)],
    ['Due', `${escapeTeamsMarkdown(inv.dueDate)} · ${overdueLabel(inv.daysOverdue)}`],
    ['Status', statusLabels[dispute.status]],
    ['Opened', `${ageLabel(dispute.ageHours)} ago, from ${sourceLabels[dispute.source]}`],
  ];
}

function ccText(people: readonly OwnerRef[], mentions: Mentions): string | null {
  const seen = new Set<string>();
  const unique = people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
  if (unique.length === 0) return null;
  const shown = unique.slice(0, 10).map((p) => mentions.name(p)).join(', ');
  return `cc ${shown}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`;
}

/** A new or changed dispute. Priority 1 (unresolved 48 h after it opened) is marked in the title and the summary. */
export function buildDisputeCard(dispute: DisputeFacts, people: readonly OwnerRef[], mentions: Mentions, notice: CardElement[]): TeamsCard {
  const inv = dispute.invoice;
  const p1 = dispute.priority === 1;
  const subject = `${inv.customerName} · ${inv.number}`;
  const cc = ccText(people, mentions);
  const body: CardElement[] = [
    ...notice,
    headerBlock(p1 ? '🚨 Priority 1 — unresolved for 48 h' : `⚠️ Dispute: ${escapeTeamsMarkdown(subject)}`),
    textBlock(`${bold(inv.customerName)} disputes invoice ${bold(inv.number)}${dispute.deliveryRelated ? ' (delivery-related)' : ''}:`),
    quoteBox(dispute.reason),
    factSet(disputeFacts(dispute)),
    ...(p1 ? [textBlock(`🚨 Priority 1: open for ${ageLabel(dispute.ageHours)}, past the 48 h target.`, { color: 'Attention' })] : []),
    ...(cc === null ? [] : [noteBlock(cc)]),
    ...disputeControls(dispute, mentions),
  ];
  const summary = `${p1 ? 'Priority 1 dispute' : 'Dispute'}: ${subject} (${statusLabels[dispute.status]}) — ${truncateText(dispute.reason, 200)}`;
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
