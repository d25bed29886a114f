import { actionIds, type ApprovalFacts } from '../../src/views/alert-view.js';
import { recentlyClosedLines, sentBeforeText } from '../invoice-wording.js';
import { emailValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, headerBlock, literalTextBlock, sectionBlock, type KnownBlock, type SlackMessage,
} from './block-kit.js';
import { invoiceLine, stepLabel } from './invoice-text.js';
import { listText } from './list-text.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

/** Invoices listed in full on an approval; the rest are counted ("…and 180 more invoices"). */
export const approvalInvoiceLines = 20;

/** The three decisions, as buttons carrying the email's id. Refuse opens the reason modal. */
export function approvalActions(approval: ApprovalFacts): KnownBlock {
  const value = emailValue(approval.emailId);
  return actionsBlock([
    button({ text: 'Approve', actionId: actionIds.approveEscalation, value, style: 'primary' }),
    button({ text: 'Refuse', actionId: actionIds.refuseEscalation, value, style: 'danger' }),
    button({ text: "I'll handle it personally", actionId: actionIds.handlePersonally, value }),
  ], 'arbot.approval_actions');
}

/** Who decided what, once decided. `decidedBy` is a display name, so it is escaped like any user text. */
function decisionText(approval: ApprovalFacts): string {
  const who = escapeMrkdwn(approval.decidedBy ?? 'someone');
  switch (approval.status) {
    case 'approved': return `:white_check_mark: *Approved* by ${who}.`;
    case 'refused': return `:no_entry_sign: *Refused* by ${who}.`;
    case 'personal': return `:raising_hand: ${who} *is handling it personally*.`;
    case 'pending': return 'Waiting for a decision.';
  }
}

/**
 * An approval-gated step for a top or strategic account, to its account manager. Pending: Approve, Refuse
 * (with a reason) and "I'll handle it personally". Decided: no buttons at all, only who decided and their note.
 */
export function buildApprovalAlert(approval: ApprovalFacts): SlackMessage {
  const customer = escapeMrkdwn(approval.customerName);
  const step = stepLabel(approval.step);
  const n = approval.invoices.length;
  const decided = approval.status !== 'pending';
  const blocks: KnownBlock[] = [
    headerBlock(`${decided ? ':ballot_box_with_check:' : ':raised_hand:'} Approval ${decided ? 'decided' : 'needed'}: ${approval.step.replace(/_/g, ' ')} to ${approval.customerName}`),
    sectionBlock(decided
      ? `The *${step}* reminder to *${customer}* for ${n} invoice${n === 1 ? '' : 's'}.`
      : `${mention(approval.owner)}: arbot is about to send the *${step}* reminder to *${customer}* for ${n} invoice${n === 1 ? '' : 's'}. Approve to send it, refuse with a reason, or take it over yourself.`),
    sectionBlock(n === 0 ? '_No invoice listed._' : listText(approval.invoices.map(invoiceLine), { maxItems: approvalInvoiceLines, noun: ['invoice', 'invoices'] })),
  ];
  blocks.push(contextBlock([sentBeforeText(approval.sentBefore, approval.customerName, escapeMrkdwn)]));
  const closed = recentlyClosedLines(approval.invoices, escapeMrkdwn);
  if (closed.length > 0) {
    blocks.push(sectionBlock(`:warning: *A dispute on ${closed.length === 1 ? 'this invoice' : 'these invoices'} closed recently:*\n${listText(closed, { maxItems: 5, noun: ['invoice', 'invoices'] })}`));
  }
  if (decided) {
    blocks.push(contextBlock([decisionText(approval)]));
    if (approval.decisionNote !== null && approval.decisionNote.trim() !== '') blocks.push(literalTextBlock(approval.decisionNote, { label: 'Note' }));
  } else {
    blocks.push(contextBlock([`Account manager: ${mention(approval.owner)} · only they or a finance approver can decide.`]), approvalActions(approval));
  }
  const text = decided
    ? `Approval ${approval.status}: ${step} reminder to ${customer}`
    : `Approval needed: ${step} reminder to ${customer} (${n} invoice${n === 1 ? '' : 's'})`;
  return { text: truncate(text, blockKitLimits.fallbackText), blocks };
}

/**
 * The reminder of an approval still undecided after the delay: a new message that names the account manager
 * again, above the same approval (and its buttons). Once decided, it shows the decision like the request does.
 */
export function buildApprovalReminder(approval: ApprovalFacts, waitingHours: number): SlackMessage {
  const request = buildApprovalAlert(approval);
  if (approval.status !== 'pending') return request;
  const waited = waitingHours >= 48 ? `${Math.floor(waitingHours / 24)} days` : `${waitingHours} hours`;
  const nudge = sectionBlock(`:alarm_clock: ${mention(approval.owner)}, this has waited ${waited} for your decision; the reminder to *${escapeMrkdwn(approval.customerName)}* is held until someone decides.`);
  return {
    text: truncate(`Reminder, waiting ${waited}: ${request.text}`, blockKitLimits.fallbackText),
    // The request's own header gives way to the reminder's; the rest (invoices, buttons) is the request's.
    blocks: [headerBlock(`:alarm_clock: Reminder: approval still needed for ${approval.customerName}`), nudge, ...request.blocks.slice(1)],
  };
}
