import { type ApprovalFacts } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import {
  approvalHeader, approvalIntro, approvalSummary, approverText, decisionNoteLabel, decisionText, noInvoiceListed, recentlyClosedHeading,
} from '../wording/approval-wording.js';
import { recentlyClosedLines, sentBeforeText } from '../wording/invoice-wording.js';
import { emailValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, headerBlock, literalTextBlock, sectionBlock, type KnownBlock, type SlackMessage,
} from './block-kit.js';
import { invoiceLine } from './invoice-text.js';
import { listText } from './list-text.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

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

/**
 * An approval-gated step for a top or strategic account, to its account manager. Pending: Approve, Refuse
 * (with a reason) and "I'll handle it personally". Decided: no buttons at all, only who decided and their note.
 */
export function buildApprovalAlert(approval: ApprovalFacts): SlackMessage {
  const decided = approval.status !== 'pending';
  const n = approval.invoices.length;
  const blocks: KnownBlock[] = [
    headerBlock(approvalHeader(approval, plain)),
    sectionBlock(approvalIntro(approval, () => mention(approval.owner), md)),
    sectionBlock(n === 0 ? noInvoiceListed(md) : listText(approval.invoices.map(invoiceLine), { maxItems: approvalInvoiceLines, noun: ['invoice', 'invoices'] })),
  ];
  blocks.push(contextBlock([sentBeforeText(approval.sentBefore, approval.customerName, md)]));
  const closed = recentlyClosedLines(approval.invoices, md);
  if (closed.length > 0) {
    blocks.push(sectionBlock(`${recentlyClosedHeading(closed.length, md)}\n${listText(closed, { maxItems: 5, noun: ['invoice', 'invoices'] })}`));
  }
  if (decided) {
    blocks.push(contextBlock([decisionText(approval, md)]));
    if (approval.decisionNote !== null && approval.decisionNote.trim() !== '') blocks.push(literalTextBlock(approval.decisionNote, { label: decisionNoteLabel }));
  } else {
    blocks.push(contextBlock([approverText(mention(approval.owner))]), approvalActions(approval));
  }
  return { text: truncate(approvalSummary(approval, md), blockKitLimits.fallbackText), blocks };
}

/**
 * The reminder of an approval still undecided after the delay: a new message that names the account manager
 * again, above the same approval (and its buttons). Once decided, it shows the decision like the request does.
 */
export function buildApprovalReminder(approval: ApprovalFacts, waitingHours: number): SlackMessage {
  const request = buildApprovalAlert(approval);
  if (approval.status !== 'pending') return request;
  const waited = waitingHours >= 48 ? `${Math.floor(waitingHours / 24)} days` : `${waitingHours} hours`;
  // Teams words a reminder differently ("Waiting for N h, since …" under the request's header): see blocks/README.md.
  const nudge = sectionBlock(`${md.icon('alarm_clock')} ${mention(approval.owner)}, this has waited ${waited} for your decision; the reminder to ${md.bold(approval.customerName)} is held until someone decides.`);
  return {
    text: truncate(`Reminder, waiting ${waited}: ${request.text}`, blockKitLimits.fallbackText),
    // The request's own header gives way to the reminder's; the rest (invoices, buttons) is the request's.
    blocks: [headerBlock(`${plain.icon('alarm_clock')} Reminder: approval still needed for ${approval.customerName}`), nudge, ...request.blocks.slice(1)],
  };
}
