import { disputeStatuses, statusLabels } from '../../src/domain/disputes/dispute-status.js';
import { type DisputeFacts, type OwnerRef } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { disputeValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, fieldsBlock, headerBlock, literalTextBlock, option, plainText, sectionBlock,
  type ActionsBlock, type KnownBlock, type SlackMessage, type StaticSelect,
} from './block-kit.js';
import { ccText, claimText, disputeFacts, disputeHeader, disputeIntro, disputeSummary, priorityOneText } from '../wording/dispute-wording.js';
import { escapeMrkdwn, mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';
import { fieldText } from './invoice-text.js';

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
  const actions: ActionsBlock = actionsBlock(elements, 'arbot.dispute_actions');
  return [contextBlock([claimText(dispute, mention, md)]), actions];
}

/** Dispute facts as section fields. */
export const disputeFields = (dispute: DisputeFacts): string[] => disputeFacts(dispute, md).map(fieldText);

/**
 * A new or changed dispute, to the owners' channels. Priority 1 (unresolved 48 h after it opened) is marked in
 * the header and the notification text, so it stands out in the channel and in the notification itself.
 */
export function buildDisputeAlert(dispute: DisputeFacts, mentions: readonly OwnerRef[]): SlackMessage {
  const cc = ccText(mentions, mention);
  const blocks: KnownBlock[] = [
    headerBlock(disputeHeader(dispute, plain)),
    sectionBlock(disputeIntro(dispute, md)),
    literalTextBlock(dispute.reason),
    fieldsBlock(disputeFields(dispute)),
    ...(dispute.priority === 1 ? [contextBlock([priorityOneText(dispute, md)])] : []),
    ...(cc === null ? [] : [contextBlock([cc])]),
    ...disputeControls(dispute),
  ];
  return { text: truncate(disputeSummary(dispute, md), blockKitLimits.fallbackText), blocks };
}
