import type { ApprovalFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import {
  approvalHeader, approvalIntro, approvalSummary, approverText, decisionNoteLabel, decisionText, noInvoiceListed, recentlyClosedHeading,
} from '../wording/approval-wording.js';
import { recentlyClosedLines, sentBeforeText } from '../wording/invoice-wording.js';
import { instantText, invoiceLine } from './invoice-text.js';
import { listText } from './list-text.js';
import type { Mentions } from './mentions.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

/** Invoices listed in full on an approval; the rest are counted. */
export const approvalInvoiceLines = 20;

/** Approve, Refuse (with a reason, in a small form) and "I'll handle it personally", carrying the email's id. */
export function approvalActions(approval: ApprovalFacts): CardElement {
  const data = { e: approval.emailId };
  return actionSet([
    execute('Approve', teamsVerbs.approveEscalation, data, 'positive'),
    showCard('Refuse', [
      textInput(inputIds.refuseReason, 'Reason', { maxLength: 1000, multiline: true, placeholder: 'Why it should not go out', required: 'Say why you refuse, for the audit trail' }),
    ], execute('Refuse', teamsVerbs.refuseEscalation, data, 'destructive')),
    execute("I'll handle it personally", teamsVerbs.handlePersonally, data),
  ]);
}

/**
 * An approval-gated step for a top or strategic account, to its account manager. Pending: the three decisions.
 * Decided: no buttons at all, only who decided and their note. A reminder (still undecided after the delay) says
 * how long it has waited, with the same buttons.
 */
export function buildApprovalCard(
  approval: ApprovalFacts, mentions: Mentions, notice: CardElement[], reminder?: { requestedAt: string; waitingHours: number },
): TeamsCard {
  const n = approval.invoices.length;
  const decided = approval.status !== 'pending';
  const body: CardElement[] = [
    ...notice,
    headerBlock(approvalHeader(approval, md, { reminder: reminder !== undefined })),
    // Slack words a reminder differently (a nudge naming the account manager): see blocks/README.md.
    ...(reminder && !decided ? [textBlock(`${md.icon('alarm_clock')} Waiting for ${Math.floor(reminder.waitingHours)} h, since ${instantText(reminder.requestedAt)}.`, { color: 'Warning' })] : []),
    textBlock(approvalIntro(approval, () => mentions.name(approval.owner), md)),
    textBlock(n === 0 ? noInvoiceListed(md) : listText(approval.invoices.map(invoiceLine), { maxItems: approvalInvoiceLines, noun: ['invoice', 'invoices'] })),
  ];
  body.push(noteBlock(sentBeforeText(approval.sentBefore, approval.customerName, md)));
  const closed = recentlyClosedLines(approval.invoices, md);
  if (closed.length > 0) {
    body.push(textBlock(recentlyClosedHeading(closed.length, md), { color: 'Warning' }), textBlock(listText(closed, { maxItems: 5, noun: ['invoice', 'invoices'] })));
  }
  if (decided) {
    body.push(noteBlock(decisionText(approval, md)));
    if (approval.decisionNote !== null && approval.decisionNote.trim() !== '') body.push(textBlock(md.strong(`${decisionNoteLabel}:`)), quoteBox(approval.decisionNote));
  } else {
    body.push(noteBlock(approverText(mentions.name(approval.owner))), approvalActions(approval));
  }
  const summary = approvalSummary(approval, plain);
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
