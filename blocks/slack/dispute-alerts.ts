import { disputeStatuses, statusLabels } from '../../src/domain/disputes/dispute-status.js';
import { actionIds, type DisputeFacts, type OwnerRef } from '../../src/views/alert-view.js';
import { disputeValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, fieldsBlock, headerBlock, literalTextBlock, option, plainText, sectionBlock,
  type ActionsBlock, type KnownBlock, type SlackMessage, type StaticSelect,
} from './block-kit.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';
import { overdueLabel } from './invoice-text.js';

const sourceLabels: Readonly<Record<DisputeFacts['source'], string>> = {
  import: 'ERP import',
  api: 'ERP API',
  chat: 'chat',
  customer_link: "the customer's dispute page",
  demo: 'demo ledger',
};

/** "5 h" under two days, then "3 days". */
export function ageLabel(hours: number): string {
  if (hours < 48) return `${Math.max(0, Math.floor(hours))} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** A reason as a mrkdwn quote, line by line (escaped, so a `>` in it stays a character). */
export function quoteText(text: string, max = 1500): string {
  return truncate(escapeMrkdwn(text), max).split('\n').map((line) => `>${line}`).join('\n');
}

/**
 * The dispute's controls: "Claim" while nobody owns it, the status menu (current status preselected) and a note.
 * Once claimed, the claim button is gone and the owner is named beside the controls instead.
 */
export function disputeControls(dispute: DisputeFacts): KnownBlock[] {
  const value = disputeValue(dispute.disputeId);
  const options = disputeStatuses.map((s) => option(statusLabels[s], disputeValue(dispute.disputeId, s)));
  const menu: StaticSelect = {
    type: 'static_select',
    action_id: actionIds.setDisputeStatus,
    placeholder: plainText('Set status', blockKitLimits.placeholder),
    options,
    initial_option: options[disputeStatuses.indexOf(dispute.status)]!,
  };
  const elements = [
    ...(dispute.owner === null ? [button({ text: 'Claim', actionId: actionIds.claimDispute, value, style: 'primary' })] : []),
    menu,
    button({ text: 'Add a note', actionId: actionIds.addNote, value }),
  ];
  const claimed = dispute.owner === null
    ? ':bust_in_silhouette: Unclaimed: claim it to own the follow-up.'
    : `:bust_in_silhouette: Claimed by ${mention(dispute.owner)}`;
  const actions: ActionsBlock = actionsBlock(elements, 'arbot.dispute_actions');
  return [contextBlock([claimed]), actions];
}

/** Dispute facts as section fields. */
export function disputeFields(dispute: DisputeFacts): string[] {
  const inv = dispute.invoice;
  return [
    `*Customer*\n${escapeMrkdwn(inv.customerName)}`,
    `*Invoice*\n${escapeMrkdwn(inv.number)}`,
    `*Amount due*\n${escapeMrkdwn(inv.amountDue)}`,
    `*Due*\n${escapeMrkdwn(inv.dueDate)} · ${overdueLabel(inv.daysOverdue)}`,
    `*Status*\n${statusLabels[dispute.status]}`,
    `*Opened*\n${ageLabel(dispute.ageHours)} ago, from ${sourceLabels[dispute.source]}`,
  ];
}

/** Mentions of the people told about it, without repeats, "and N more" past ten. */
function ccText(people: readonly OwnerRef[]): string | null {
  const seen = new Set<string>();
  const unique = people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
  if (unique.length === 0) return null;
  const shown = unique.slice(0, 10).map(mention).join(', ');
  return `cc ${shown}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`;
}

/**
 * A new or changed dispute, to the owners' channels. Priority 1 (unresolved 48 h after it opened) is marked in
 * the header and the notification text, so it stands out in the channel and in the notification itself.
 */
export function buildDisputeAlert(dispute: DisputeFacts, mentions: readonly OwnerRef[]): SlackMessage {
  const inv = dispute.invoice;
  const p1 = dispute.priority === 1;
  const subject = `${inv.customerName} · ${inv.number}`;
  const cc = ccText(mentions);
  const blocks: KnownBlock[] = [
    headerBlock(p1 ? ':rotating_light: Priority 1 — unresolved for 48 h' : `:warning: Dispute: ${subject}`),
    sectionBlock(`*${escapeMrkdwn(inv.customerName)}* disputes invoice *${escapeMrkdwn(inv.number)}*${dispute.deliveryRelated ? ' (delivery-related)' : ''}:`),
    literalTextBlock(dispute.reason),
    fieldsBlock(disputeFields(dispute)),
    ...(p1 ? [contextBlock([`:rotating_light: Priority 1: open for ${ageLabel(dispute.ageHours)}, past the 48 h target.`])] : []),
    ...(cc === null ? [] : [contextBlock([cc])]),
    ...disputeControls(dispute),
  ];
  const text = `${p1 ? 'Priority 1 dispute' : 'Dispute'}: ${escapeMrkdwn(subject)} (${statusLabels[dispute.status]}) — ${truncate(escapeMrkdwn(dispute.reason), 200)}`;
  return { text: truncate(text, blockKitLimits.fallbackText), blocks };
}

